import { createConsentManager } from '@onmion/privacy-client'
import { onmionPolicy } from '@onmion/privacy-policy'
import { ConsentProvider } from '@onmion/privacy-react'
import '@onmion/privacy-react/styles.css'
import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { App } from './app.js'
import { consentEndpoint } from './config.js'
import './site.css'

// Created before React renders, so granted scripts run as early as possible.
const manager = createConsentManager({ policy: onmionPolicy, ...(consentEndpoint && { endpoint: consentEndpoint }) })

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
