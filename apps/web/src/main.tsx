import { createConsentManager } from '@onmion/privacy-client'
import { placeEmbeds } from '@onmion/privacy-client/embeds'
import { gateNetwork } from '@onmion/privacy-client/network'
import { onmionPolicy } from '@onmion/privacy-policy'
import { ConsentProvider } from '@onmion/privacy-react'
import '@onmion/privacy-react/styles.css'
import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { App } from './app.js'
import { consentEndpoint, domainAliases } from './config.js'
import './site.css'

// Created before React renders, so granted scripts run as early as possible.
const manager = createConsentManager({ policy: onmionPolicy, cookie: { domainAliases }, ...(consentEndpoint && { endpoint: consentEndpoint }) })
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
