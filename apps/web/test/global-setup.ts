import { existsSync } from 'node:fs'
import type { Server } from 'node:http'
import { fileURLToPath } from 'node:url'
import { build } from 'vite'
import type { TestProject } from 'vitest/node'
import { startCollector } from './collector.js'
import { CHROMIUM } from './browser.js'
import { serveStatic } from './static-server.js'

declare module 'vitest' {
  export interface ProvidedContext {
    siteUrl: string
    sitePort: number
    endpointSiteUrl: string
    collectorUrl: string
  }
}

const root = fileURLToPath(new URL('..', import.meta.url))

/** Builds the site into `outDir` with the given `VITE_*` settings (React's production build). */
export async function buildSite(outDir: string, env: Record<string, string>): Promise<void> {
  // Vitest runs with NODE_ENV=test, which would give React's development build.
  const all = { ...env, NODE_ENV: 'production' }
  const saved = { ...process.env }
  Object.assign(process.env, all)
  try {
    await build({ root, mode: 'production', logLevel: 'warn', build: { outDir, emptyOutDir: true } })
  } finally {
    for (const key of Object.keys(all)) {
      const previous = saved[key]
      if (previous === undefined) Reflect.deleteProperty(process.env, key)
      else process.env[key] = previous
    }
  }
}

/**
 * Builds the site twice (without a consent service, and with one pointing at a local stand-in),
 * serves both on loopback and hands their addresses to the tests.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`Chromium is missing at ${CHROMIUM}: the browser tests need it and do not skip. Install it with \`apt-get install chromium\` (CI does).`)
  }
  const collector = await startCollector()
  await buildSite('dist', { VITE_CONSENT_ENDPOINT: '', VITE_PUBLISHABLE_KEY: '' })
  await buildSite('dist-endpoint', { VITE_CONSENT_ENDPOINT: collector.url, VITE_PUBLISHABLE_KEY: 'pk_test_web' })
  const site = await serveStatic(`${root}dist`)
  const endpointSite = await serveStatic(`${root}dist-endpoint`)
  project.provide('siteUrl', site.url)
  project.provide('sitePort', site.port)
  project.provide('endpointSiteUrl', endpointSite.url)
  project.provide('collectorUrl', collector.url)
  const close = (server: Server): Promise<void> => new Promise((resolve) => server.close(() => resolve()))
  return async () => {
    await Promise.all([close(site.server), close(endpointSite.server), close(collector.server)])
  }
}
