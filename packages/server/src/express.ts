// `@onmion/privacy-server/express`: the Express (or plain `node:http`) middleware.
export { expressPrivacy } from './middleware/express.js'
export type { ExpressPrivacyOptions, PrivacyRequest } from './middleware/express.js'
export type { RequestCheckInput, RequestPrivacy, SubjectResolver } from './middleware/request-privacy.js'
