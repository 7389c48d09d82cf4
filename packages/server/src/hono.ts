// `@onmion/privacy-server/hono`: the Hono middleware (Hono is an optional peer dependency).
export { honoPrivacy } from './middleware/hono.js'
export type { HonoPrivacyOptions, PrivacyEnv } from './middleware/hono.js'
export type { RequestCheckInput, RequestPrivacy, SubjectResolver } from './middleware/request-privacy.js'
