/// <reference types="vite/client" />

interface ImportMetaEnv {
  readonly VITE_CONSENT_ENDPOINT?: string
  readonly VITE_PUBLISHABLE_KEY?: string
}
