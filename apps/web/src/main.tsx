import { createConsentManager } from '@onmion/privacy-client'
import { restoreChoice } from '@onmion/privacy-client/account'
import { placeEmbeds } from '@onmion/privacy-client/embeds'
import { gateNetwork } from '@onmion/privacy-client/network'
import { onmionPolicy } from '@onmion/privacy-policy'
import { ConsentProvider } from '@onmion/privacy-react'
import '@onmion/privacy-react/styles.css'
import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { App } from './app.js'
import { consentEndpoint, domainAliases, signedInPerson } from './config.js'
import './site.css'

// Created before React renders, so granted scripts run as early as possible.
const manager = createConsentManager({
  policy: onmionPolicy,
  cookie: { domainAliases },
  ...(consentEndpoint && { endpoint: consentEndpoint }),
  ...(signedInPerson !== undefined && { subject: signedInPerson }),
})
// A signed-in person's choice made on another of Onmion's sites applies here too.
if (consentEndpoint && signedInPerson !== undefined) void restoreChoice(manager, onmionPolicy, consentEndpoint)
// Requests to the hosts the policy declares for a category wait for it; so do embeds.
gateNetwork(manager, onmionPolicy)
placeEmbeds(manager, onmionPolicy)

const root = document.getElementById('root')
if (root) {
  createRoot(root).render(
    <StrictMode>
      <ConsentProvider policy={onmionPolicy} manager={manager}>
        <App />
      </ConsentProvider>
    </StrictMode>,
  )
}
