import { onmionPolicy } from '@onmion/privacy-policy'
import { gpcWellKnown } from '@onmion/privacy-schema'
import react from '@vitejs/plugin-react'
import { fileURLToPath } from 'node:url'
import { defineConfig, type Plugin } from 'vite'

const page = (file: string): string => fileURLToPath(new URL(file, import.meta.url))
const GPC_PATH = '.well-known/gpc.json'

/** `/.well-known/gpc.json` from the policy (GPC specification): emitted by the build, served by the dev server. */
function gpcWellKnownFile(): Plugin {
  const body = `${JSON.stringify(gpcWellKnown(onmionPolicy))}\n`
  return {
    name: 'onmion-gpc-well-known',
    configureServer(server) {
      server.middlewares.use(`/${GPC_PATH}`, (_request, response) => {
        response.setHeader('content-type', 'application/json')
        response.end(body)
      })
    },
    generateBundle() {
      this.emitFile({ type: 'asset', fileName: GPC_PATH, source: body })
    },
  }
}

// The site's code resolves workspace packages to their sources (`@onmion/source`); this config
// itself runs in Node and reads the policy's built `dist` for gpc.json (turbo builds it first).
export default defineConfig({
  plugins: [react(), gpcWellKnownFile()],
  resolve: { conditions: ['@onmion/source', 'module', 'browser', 'development|production'] },
  build: { target: 'es2022', rollupOptions: { input: { main: page('index.html'), 'consent-mode': page('consent-mode.html') } } },
})
