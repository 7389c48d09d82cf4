import { definePolicy } from '../src/index.js'

/**
 * The sample policy, validated, with literal ids: a small but complete policy for this package's tests: every legal basis, an objectable
 * purpose, required and optional cookie categories, fixed, minimum and purpose-bound retention.
 * (Onmion's own policy lives in @onmion/privacy-policy, which depends on this package.)
 */
export const samplePolicy = definePolicy({
  meta: {
    title: 'Example Privacy Policy',
    controller: 'Example Co',
    version: '1.0.0',
    effectiveDate: '2026-01-01',
    scope: { sites: ['example.com'], services: ['The Example app'], channels: ['SMS', 'email'] },
    contact: { privacy: 'privacy@example.com', support: 'support@example.com', phone: '+18005550100' },
    changes: { description: 'We may update this policy.', announcedVia: ['site', 'email'] },
    operationalDefaults: ['effectiveDate'],
  },
  dataCategories: [
    { id: 'identifiers', name: 'Identifiers', description: 'Who you are.', examples: ['name', 'email'], sources: ['user'], sensitivity: 'high', retention: 'account' },
    { id: 'usage_data', name: 'Usage data', description: 'How you use the site.', examples: ['IP address'], sources: ['automatic'], sensitivity: 'moderate', retention: 'logs' },
    { id: 'billing', name: 'Billing records', description: 'What you paid.', examples: ['invoices'], sources: ['user'], sensitivity: 'moderate', retention: 'accounting' },
  ],
  purposes: [
    { id: 'service', name: 'Service', description: 'Run the service.', basis: 'contract', categories: ['identifiers', 'usage_data'], objectable: false },
    { id: 'sms', name: 'SMS', description: 'Send texts.', basis: 'consent', categories: ['identifiers'], objectable: false },
    { id: 'analytics', name: 'Analytics', description: 'Measure traffic.', basis: 'consent', categories: ['usage_data'], objectable: false },
    { id: 'security', name: 'Security', description: 'Keep things safe.', basis: 'legitimate_interest', categories: ['identifiers', 'usage_data'], objectable: true },
    { id: 'fraud', name: 'Fraud checks', description: 'Stop fraud.', basis: 'legitimate_interest', categories: ['usage_data'], objectable: false },
    { id: 'accounting', name: 'Accounting', description: 'Keep the books.', basis: 'legal_obligation', categories: ['identifiers', 'billing'], objectable: false },
  ],
  sellsPersonalInformation: false,
  recipients: [
    { id: 'sms_provider', name: 'SMS provider', kind: 'service_provider', description: 'Delivers texts.', examples: ['Vonage'], categories: ['identifiers'], purposes: ['sms'] },
    { id: 'employer', name: 'Your employer', kind: 'employer', description: 'Who you work for.', categories: ['usage_data'], purposes: ['service'], scope: 'Status only.' },
    { id: 'tax_office', name: 'Tax office', kind: 'authority', description: 'When the law asks.', categories: ['identifiers', 'billing', 'usage_data'], purposes: ['accounting'] },
  ],
  channels: {
    sms: {
      programName: 'Example Alerts',
      purpose: 'sms',
      provider: 'sms_provider',
      enrollmentMethods: [
        { id: 'keyword', name: 'Keyword', description: 'Text JOIN.' },
        { id: 'text_first', name: 'Texting first', description: 'Text us.', enrollsOnFirstInbound: true },
      ],
      keywords: { optOut: ['STOP', 'END'], optIn: ['START'], help: ['HELP'] },
      texts: { help: 'Example Alerts: help at support@example.com.', optOutConfirmation: 'Unsubscribed.', optInConfirmation: 'Subscribed.' },
      frequency: 'Message frequency varies.',
      rates: 'Message and data rates may apply.',
      carrierDisclaimer: 'Carriers are not liable for delayed or undelivered messages.',
      supportEmail: 'support@example.com',
      supportPhone: '+18005550100',
    },
    email: { purpose: 'service', description: 'Receipts.' },
  },
  cookies: {
    categories: [
      { id: 'necessary', name: 'Necessary', description: 'Sign-in.', required: true, purposes: ['service'], consentMode: ['security_storage'] },
      { id: 'stats', name: 'Statistics', description: 'Traffic.', required: false, purposes: ['analytics'], consentMode: ['analytics_storage'] },
    ],
    declared: [
      { name: 'session', party: 'first', provider: 'Example', lifetime: 'session', purpose: 'Signs you in.', category: 'necessary' },
      { pattern: '^_stats_[a-z]+$', party: 'third', provider: 'Stats Inc', lifetime: 'P1Y', purpose: 'Counts visits.', category: 'stats', operationalDefaults: ['lifetime'] },
    ],
    banner: { text: 'We use cookies.', acceptLabel: 'Accept', rejectLabel: 'Reject', preferencesLabel: 'Choose' },
    browserControls: 'Your browser can block cookies.',
  },
  retention: [
    { id: 'account', name: 'Account', description: 'While you have an account.', kind: 'purpose_bound', duration: 'P2Y', operationalDefaults: ['duration'] },
    { id: 'logs', name: 'Logs', description: 'Server logs.', kind: 'purpose_bound', duration: 'P90D' },
    { id: 'accounting', name: 'Accounting', description: 'Seven years.', kind: 'fixed', duration: 'P7Y', minimum: 'P7Y', reason: 'Tax law.' },
    { id: 'opt_outs', name: 'Opt-out logs', description: 'At least five years.', kind: 'minimum', minimum: 'P5Y' },
  ],
  rights: {
    types: [
      { id: 'access', name: 'Access', description: 'Get a copy.' },
      { id: 'erasure', name: 'Deletion', description: 'Delete it.' },
      { id: 'objection', name: 'Objection', description: 'Object.' },
    ],
    deadline: 'P30D',
    contact: 'privacy@example.com',
    jurisdictionNote: 'Depending on where you live.',
  },
  children: { minimumAge: 13, statement: 'Not for children under 13.' },
  signals: {
    doNotTrack: { honored: false, statement: 'We do not respond to Do Not Track.' },
    globalPrivacyControl: { honored: true, refuses: ['stats'], statement: 'GPC refuses statistics cookies.' },
  },
  security: {
    controls: [{ id: 'tls', name: 'TLS', description: 'Encrypted in transit.' }],
    frameworks: ['ISO 27001'],
    disclaimer: 'Nothing is perfectly secure.',
  },
})
export type SamplePolicy = typeof samplePolicy

/** A fresh, mutable copy of the sample policy as a plain JSON document (a valid input). */
export function sampleInput(): Record<string, unknown> {
  return structuredClone(samplePolicy)
}
