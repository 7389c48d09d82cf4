// The demo's cookie banner built with vanilla-cookieconsent instead of Onmion's SDK: the same
// three categories and texts, the same gated scripts (its `data-category` attribute), set up as
// its README shows. It is the baseline the size report and the time-to-banner benchmark measure
// beside the demo site, so it carries nothing the comparison does not need.
import 'vanilla-cookieconsent/dist/cookieconsent.css'
import { run } from 'vanilla-cookieconsent'

void run({
  // Its default hides the banner from automated browsers (navigator.webdriver), which the
  // benchmark's Chromium is.
  hideFromBots: false,
  cookie: { name: 'cc_cookie', expiresAfterDays: 365 },
  categories: {
    strictly_necessary: { enabled: true, readOnly: true },
    preferences: {},
    analytics: { autoClear: { cookies: [{ name: 'onmion_analytics' }] } },
  },
  language: {
    default: 'en',
    translations: {
      en: {
        consentModal: {
          title: 'Cookies',
          description: 'We use cookies to run the Site, remember your preferences and, with your permission, measure how it is used.',
          acceptAllBtn: 'Accept all',
          acceptNecessaryBtn: 'Reject all',
          showPreferencesBtn: 'Preferences',
        },
        preferencesModal: {
          title: 'Cookie preferences',
          acceptAllBtn: 'Accept all',
          acceptNecessaryBtn: 'Reject all',
          savePreferencesBtn: 'Save choices',
          closeIconLabel: 'Close',
          sections: [
            { title: 'Strictly necessary', description: 'Needed for the Site to work.', linkedCategory: 'strictly_necessary' },
            { title: 'Preferences', description: 'Remember your settings.', linkedCategory: 'preferences' },
            { title: 'Analytics', description: 'Measure how the Site is used.', linkedCategory: 'analytics' },
          ],
        },
      },
    },
  },
})
