/**
 * The trace's links: for each statement of the published policy (matched by section and text),
 * the data that holds it, the code that enforces it, the tests that prove it, and for an enforced
 * statement the mutant one of those tests must kill. This is the one hand-kept part of the trace;
 * `trace.ts` checks every path, name and test title here against the repository, and `TRACE.md` is
 * generated from it.
 *
 * Adding a statement to the policy: add (or widen) a link here, run `pnpm --filter
 * @onmion/policy-trace render`, commit TRACE.md and trace.json. CI fails until every statement is
 * linked and every link resolves.
 */
import type { TraceLink } from './link.js'

const POLICY = 'packages/policy/src/onmion-policy.ts'

// Test files the links cite most, by what they prove.
const DECIDE = 'packages/schema/src/decide.test.ts'
const ONMION = 'packages/policy/src/onmion-policy.test.ts'
const SHARING = 'packages/schema/src/sharing.test.ts'
const CLASSIFY = 'packages/server/src/sms/classify.test.ts'
const SMS = 'packages/server/test/sms.test.ts'
const CLIENT = 'packages/client/src/consent-manager.test.ts'
const REACT = 'packages/react/src/components.test.tsx'
const WEB = 'apps/web/test/consent.test.ts'
const GUARD = 'packages/server/src/records/erasure-guard.test.ts'
const CUTOFF = 'packages/server/src/records/cutoff.test.ts'
const RETENTION = 'packages/server/test/retention.test.ts'
const RIGHTS = 'packages/server/test/rights.test.ts'
const DEADLINE = 'packages/server/src/rights/deadline.test.ts'
const CHECK = 'packages/server/test/check.test.ts'
const MIDDLEWARE = 'packages/server/test/middleware.test.ts'
const SERVER_ONMION = 'packages/server/src/onmion-policy.test.ts'
const CLASSIFY_TABLE = `${CLASSIFY} :: classifySms > $text -> $kind $keyword`

// Shared by the two statements of the contract basis of transactional email (sections 3 and 4).
const EMAIL_ON_CONTRACT = {
  file: POLICY,
  after: "id: 'transactional_email',",
  find: "basis: 'contract',",
  replace: "basis: 'consent',",
  breaks: 'transactional email waits for a consent the contract does not need',
} as const

const RENDERED = 'Rendered from the policy data by `renderPolicy` (packages/schema/src/render); packages/policy/src/seed.test.ts checks the data against the seed text word for word, and policy-md.test.ts that POLICY.md is current.'

/** Every link of the trace, in the policy's section order. */
export const links: readonly TraceLink[] = [
  // 0. Title block
  {
    match: { section: 0, text: /^(Version \d|Effective date:)/ },
    kind: 'informational',
    data: ['meta.version', 'meta.effectiveDate'],
    evidence: `The version and effective date identify this text. ${RENDERED} The release tooling (tooling/release, check:policy) refuses a policy change without the version bump the change needs.`,
  },

  // 1. Scope
  {
    match: { section: 1, text: /./ },
    kind: 'informational',
    data: ['meta.controller', 'meta.scope.sites', 'meta.scope.services', 'meta.scope.channels'],
    evidence: `Says whom and what the policy covers; it obliges no behaviour of its own. ${RENDERED}`,
  },

  // 2. Information we collect
  {
    match: { section: 2, text: / – .*Kept under: / },
    kind: 'enforced',
    data: ['dataCategories'],
    code: ['packages/schema/src/decide.ts#decide', 'packages/schema/src/decision-rules.ts#decideByRules', 'packages/server/src/rights/bundle.ts#buildExportBundle'],
    tests: [
      `${SERVER_ONMION} :: section 2: each category is kept under the rule the policy names > files every category under its published rule in an access export`,
      `${DECIDE} :: decide(): deny by default > an undeclared purpose or category is never allowed`,
      `${CHECK} :: denies a purpose or category the policy does not declare (reached around the types)`,
    ],
    mutant: {
      file: POLICY,
      after: "id: 'identifiers',",
      find: "retention: 'account_lifetime',",
      replace: "retention: 'usage_logs',",
      breaks: 'identifiers are kept under usage logs instead of account data',
    },
  },
  {
    match: { section: 2, text: /children under/ },
    kind: 'enforced',
    data: ['children.minimumAge', 'children.statement'],
    code: ['packages/schema/src/decide.ts#decide', 'packages/schema/src/decision-rules.ts#decideByRules'],
    tests: [`${DECIDE} :: decide(): the reason table > %s`, `${DECIDE} :: decide(): the reason table > restriction comes before objection and consent; age before restriction`],
    mutant: {
      file: 'packages/schema/src/decision-rules.ts',
      find: "if (state.age === 'below_minimum' && !legalObligation)",
      replace: 'if (false)',
      breaks: 'a subject known to be under 13 is processed like any other',
    },
  },

  // 3. How we use information
  {
    match: { section: 3, text: /Legal basis: your consent/ },
    kind: 'enforced',
    data: ['purposes[transactional_sms].basis', 'purposes[analytics].basis'],
    code: ['packages/schema/src/decide.ts#decide', 'packages/schema/src/decision-rules.ts#decideByRules', 'packages/server/src/check/check.ts#checkProcessing'],
    tests: [
      `${ONMION} :: decisions under Onmion’s policy > transactional SMS needs consent; an opt-out withdraws it`,
      `${ONMION} :: decisions under Onmion’s policy > analytics needs consent; debugging and fraud prevention yield to an objection`,
    ],
    mutant: {
      file: POLICY,
      after: "id: 'analytics',",
      find: "basis: 'consent',",
      replace: "basis: 'legitimate_interest',",
      breaks: 'analytics runs without consent',
    },
  },
  {
    match: { section: 3, text: /Legal basis: our legitimate interests/ },
    kind: 'enforced',
    data: ['purposes[security_monitoring].basis', 'purposes[debugging_fraud_prevention].objectable'],
    code: ['packages/schema/src/decide.ts#decide', 'packages/schema/src/decision-rules.ts#decideByRules'],
    tests: [
      `${ONMION} :: decisions under Onmion’s policy > analytics needs consent; debugging and fraud prevention yield to an objection`,
      `${RIGHTS} :: objection: check() denies the legitimate-interest purposes objected to, nothing else, until lifted`,
    ],
    mutant: {
      file: 'packages/schema/src/decision-rules.ts',
      find: 'if (purpose.objectable && state.objections.includes(purpose.id)) return',
      replace: 'if (false) return',
      breaks: 'an objection to a legitimate-interest purpose is ignored',
    },
  },
  {
    match: { section: 3, text: /Legal basis: (performance of our contract|a legal obligation)/ },
    kind: 'enforced',
    data: ['purposes[service_delivery].basis', 'purposes[transactional_email].basis', 'purposes[customer_support].basis', 'purposes[legal_compliance].basis'],
    code: ['packages/schema/src/decide.ts#decide', 'packages/schema/src/decision-rules.ts#decideByRules'],
    tests: [`${ONMION} :: decisions under Onmion’s policy > transactional email rests on the contract`, `${ONMION} :: decisions under Onmion’s policy > analytics may not use in-app content`],
    mutant: EMAIL_ON_CONTRACT,
  },

  {
    match: { section: 3, text: /^How personal data flows/ },
    kind: 'informational',
    data: ['dataCategories', 'purposes', 'recipients'],
    code: ['packages/schema/src/render/data-flow-svg.ts#renderDataFlowSvg'],
    tests: ['packages/schema/src/render/data-flow-svg.test.ts :: renderDataFlowSvg > is well-formed SVG with every category, purpose and recipient, and a line for every use and disclosure', 'packages/policy/src/policy-md.test.ts :: data-flow.svg is the rendered diagram'],
    evidence: 'A picture of sections 2, 3, 5 and 7, generated from the same data; it promises nothing the traced statements do not. The tests check it shows every category, purpose and recipient and that the published file is current.',
  },

  // 4. SMS text messaging
  {
    match: { section: 4, text: /^(Onmion Work Orders text messages are sent for|Delivered by|Enrollment methods)/ },
    kind: 'enforced',
    data: ['channels.sms.purpose', 'channels.sms.provider', 'channels.sms.enrollmentMethods'],
    code: ['packages/server/src/sms/send-gate.ts#createSendGate', 'packages/server/src/ledger/validate.ts#validateEvent'],
    tests: [`${SMS} :: the send gate: no consent, consent by form on another subject, and an opt-out after it wins`, `${SMS} :: consent.granted for the SMS purpose on the number subject counts; consent.withdrawn removes it`],
    mutant: {
      file: POLICY,
      after: 'sms: {',
      find: "purpose: 'transactional_sms',",
      replace: "purpose: 'service_delivery',",
      breaks: 'texts are sent under a purpose that needs no consent',
    },
  },
  {
    match: { section: 4, text: /^(Keyword text|Verbal consent|Signed form) – / },
    kind: 'enforced',
    data: ['channels.sms.enrollmentMethods'],
    code: ['packages/server/src/ledger/validate.ts#validateEvent'],
    tests: [`${SMS} :: the send gate: no consent, consent by form on another subject, and an opt-out after it wins`],
    mutant: {
      file: POLICY,
      find: "{ id: 'signed_form', name: 'Signed form', description: 'You sign a form that includes SMS consent.', enrollsOnFirstInbound: false },",
      replace: '',
      breaks: 'a signed form no longer counts as SMS consent',
    },
  },
  {
    match: { section: 4, text: /^Texting us first – / },
    kind: 'enforced',
    data: ['channels.sms.enrollmentMethods[text_first].enrollsOnFirstInbound'],
    code: ['packages/server/src/sms/sms-state.ts#createSmsState'],
    tests: [`${SMS} :: a first text from an unknown number enrolls it (text_first); later texts record nothing`],
    mutant: {
      file: POLICY,
      find: "description: 'You send us a text message first.', enrollsOnFirstInbound: true",
      replace: "description: 'You send us a text message first.', enrollsOnFirstInbound: false",
      breaks: 'a first text no longer enrolls the number',
    },
  },
  {
    match: { section: 4, text: /^(Opt-out: Reply STOP|We also accept STOPALL)/ },
    kind: 'enforced',
    data: ['channels.sms.keywords.optOut'],
    code: ['packages/server/src/sms/classify.ts#classifySms', 'packages/server/src/sms/inbound.ts#createInboundFlow'],
    tests: [CLASSIFY_TABLE, `${SMS} :: STOP records an opt-out with the message as evidence, sealed, and replies the confirmation once`],
    mutant: { file: POLICY, find: "optOut: ['STOP', ", replace: 'optOut: [', breaks: 'STOP no longer opts out' },
  },
  {
    match: { section: 4, text: /^Help: Reply HELP/ },
    kind: 'enforced',
    data: ['channels.sms.keywords.help', 'channels.sms.supportEmail', 'channels.sms.supportPhone'],
    code: ['packages/server/src/sms/classify.ts#classifySms'],
    tests: [CLASSIFY_TABLE, `${SMS} :: HELP answers with the policy text and changes nothing, subscribed or not`],
    mutant: { file: POLICY, find: "help: ['HELP', 'INFO', 'AYUDA'],", replace: "help: ['INFO', 'AYUDA'],", breaks: 'HELP no longer gets the help text' },
  },
  {
    match: { section: 4, text: /^Opt back in: Reply START/ },
    kind: 'enforced',
    data: ['channels.sms.keywords.optIn'],
    code: ['packages/server/src/sms/classify.ts#classifySms'],
    tests: [CLASSIFY_TABLE, `${SMS} :: START re-enrolls with the opt-in confirmation; send works again`],
    mutant: { file: POLICY, find: "optIn: ['START', 'UNSTOP', 'YES'],", replace: "optIn: ['UNSTOP', 'YES'],", breaks: 'START no longer opts back in' },
  },
  {
    match: { section: 4, text: /^(Message frequency varies|Message and data rates may apply|Carriers are not liable)/ },
    kind: 'informational',
    data: ['channels.sms.frequency', 'channels.sms.rates', 'channels.sms.carrierDisclaimer'],
    evidence: `Disclosures the CTIA handbook requires in the program's terms; they inform and oblige nothing of the software. The help and opt-in texts that carry them are enforced below. ${RENDERED}`,
  },
  {
    match: { section: 4, text: /^The messages we send in reply/ },
    kind: 'informational',
    evidence: 'Introduces the list of reply texts below, which are traced one by one.',
  },
  {
    match: { section: 4, text: /^(Help|Opt-out confirmation|Opt-in confirmation): “/ },
    kind: 'enforced',
    data: ['channels.sms.texts'],
    code: ['packages/server/src/sms/outbox.ts#createOutbox', 'packages/server/src/sms/send-gate.ts#createSendGate'],
    tests: [
      `${SMS} :: STOP records an opt-out with the message as evidence, sealed, and replies the confirmation once`,
      `${SMS} :: HELP answers with the policy text and changes nothing, subscribed or not`,
      `${SMS} :: START re-enrolls with the opt-in confirmation; send works again`,
    ],
    mutant: {
      file: 'packages/server/src/sms/outbox.ts',
      find: "kind === 'help' ? texts.help :",
      replace: "kind === 'help' ? texts.optInConfirmation :",
      breaks: 'HELP is answered with another text than the policy help text',
    },
  },
  {
    match: { section: 4, text: /^(Email: Transactional email|Purpose: Transactional email)/ },
    kind: 'enforced',
    data: ['channels.email.purpose', 'purposes[transactional_email]'],
    code: ['packages/schema/src/decide.ts#decide', 'packages/schema/src/decision-rules.ts#decideByRules'],
    tests: [`${ONMION} :: decisions under Onmion’s policy > transactional email rests on the contract`],
    mutant: EMAIL_ON_CONTRACT,
  },

  // 5. Sharing and disclosure
  {
    match: { section: 5, text: /^We do NOT sell personal information/ },
    kind: 'enforced',
    data: ['sellsPersonalInformation'],
    code: ['packages/schema/src/sharing.ts#decideSharing', 'packages/server/src/sharing.ts#canShareWith'],
    tests: [`${SHARING} :: a sale is refused always, whatever is asked`, `${ONMION} :: sharing under Onmion’s policy > a sale is refused always`],
    mutant: {
      file: 'packages/schema/src/sharing.ts',
      find: 'if (request.sale === true) return',
      replace: 'if (false) return',
      breaks: 'a sale of personal information is allowed',
    },
  },
  {
    match: { section: 5, text: /^We share only as necessary/ },
    kind: 'enforced',
    data: ['recipients'],
    code: ['packages/schema/src/sharing.ts#decideSharing'],
    tests: [`${SHARING} :: only what a recipient lists, for a purpose that may use it, is allowed`],
    mutant: {
      file: 'packages/schema/src/sharing.ts',
      find: 'if (!recipient.categories.includes(request.category)) return',
      replace: 'if (false) return',
      breaks: 'a recipient receives categories it does not list',
    },
  },
  {
    match: { section: 5, text: /^(Cloud hosting providers|Analytics providers|Payment processors|Regulators, carriers, or law enforcement|Business transfers) – / },
    kind: 'enforced',
    data: ['recipients'],
    code: ['packages/schema/src/sharing.ts#decideSharing', 'packages/server/src/sharing.ts#canShareWith'],
    tests: [`${ONMION} :: sharing under Onmion’s policy > each recipient receives the published categories for the published purposes, and nothing else`, `${SHARING} :: only what a recipient lists, for a purpose that may use it, is allowed`],
    mutant: {
      file: POLICY,
      after: "id: 'analytics_provider',",
      find: "purposes: ['analytics'],",
      replace: "purposes: ['analytics', 'service_delivery'],",
      breaks: 'analytics providers receive data for service delivery too',
    },
  },
  {
    match: { section: 5, text: /^SMS delivery provider/ },
    kind: 'enforced',
    data: ['recipients[sms_delivery]'],
    code: ['packages/schema/src/sharing.ts#decideSharing'],
    tests: [`${ONMION} :: sharing under Onmion’s policy > Vonage gets SMS data for SMS only`],
    mutant: {
      file: POLICY,
      after: "id: 'sms_delivery',",
      find: "purposes: ['transactional_sms'],",
      replace: "purposes: ['transactional_sms', 'analytics'],",
      breaks: 'the SMS provider receives data for analytics',
    },
  },
  {
    match: { section: 5, text: /^Your employer or organization/ },
    kind: 'enforced',
    data: ['recipients[employer]'],
    code: ['packages/schema/src/sharing.ts#decideSharing', 'packages/server/src/sharing.ts#canShareWith'],
    tests: [`${ONMION} :: sharing under Onmion’s policy > the employer receives work-order data only`, `${CHECK} :: canShare: a sale is always refused, the employer gets work-order data only`],
    mutant: {
      file: POLICY,
      after: "id: 'employer',",
      find: "categories: ['work_order_data'],",
      replace: "categories: ['work_order_data', 'identifiers'],",
      breaks: 'the employer receives identifiers',
    },
  },

  // 6. Cookies and tracking
  {
    match: { section: 6, text: /^We use first- and third-party cookies/ },
    kind: 'informational',
    data: ['cookies.declared'],
    evidence: 'Introduces the categories and the table below, each traced on its own.',
  },
  {
    match: { section: 6, text: /^Strictly necessary \(always active\)/ },
    kind: 'enforced',
    data: ['cookies.categories[strictly_necessary].required'],
    code: ['packages/client/src/consent-manager.ts#createConsentManager'],
    tests: [`${CLIENT} :: createConsentManager > starts undecided with only strictly necessary granted, and writes nothing`, `${CLIENT} :: createConsentManager > rejectAll refuses everything that can be refused`],
    mutant: {
      file: POLICY,
      after: "id: 'strictly_necessary',",
      find: 'required: true,',
      replace: 'required: false,',
      breaks: 'strictly necessary cookies can be switched off and start off',
    },
  },
  {
    match: { section: 6, text: /^(Preferences|Analytics) \(only with your consent\)/ },
    kind: 'enforced',
    data: ['cookies.categories[preferences].required', 'cookies.categories[analytics].required'],
    code: ['packages/client/src/consent-manager.ts#createConsentManager', 'packages/react/src/consent-gate.tsx#ConsentGate'],
    tests: [`${CLIENT} :: createConsentManager > starts undecided with only strictly necessary granted, and writes nothing`, `${WEB} :: first visit > shows the banner with the policy text, runs no analytics and stores nothing`],
    mutant: {
      file: POLICY,
      after: "id: 'analytics',\n        name: 'Analytics',",
      find: 'required: false,',
      replace: 'required: true,',
      breaks: 'analytics cookies are set without consent',
    },
  },
  {
    match: { section: 6, text: /^onmion_consent \|/ },
    kind: 'enforced',
    data: ['cookies.declared[onmion_consent]'],
    code: ['packages/client/src/consent-manager.ts#createConsentManager', 'packages/schema/src/consent-cookie-codec.ts#consentCookieName'],
    tests: [`${CLIENT} :: the consent cookie attributes > is SameSite=Lax for the declared lifetime, and Secure on https`, 'packages/schema/src/consent-cookie.test.ts :: consentCookieName > finds the first-party strictly necessary consent cookie the policy declares'],
    mutant: {
      file: POLICY,
      after: "name: 'onmion_consent',",
      find: "lifetime: 'P1Y',",
      replace: "lifetime: 'P2Y',",
      breaks: 'the consent cookie lives two years instead of one',
    },
  },
  {
    match: { section: 6, text: /^(onmion_session|onmion_prefs|onmion_analytics|_ga|\^_ga_)/ },
    kind: 'enforced',
    data: ['cookies.declared'],
    code: ['packages/client/src/consent-manager.ts#createConsentManager'],
    tests: [`${CLIENT} :: createConsentManager > erases the declared cookies, by name and pattern, of a withdrawn category`, `${WEB} :: withdraw > erases the analytics cookies on the host and its parent domain, keeping the others`],
    mutant: {
      file: POLICY,
      find: "pattern: '^_ga_[A-Z0-9]+$',",
      replace: "pattern: '^_gx_[A-Z0-9]+$',",
      breaks: 'the Google Analytics session cookies are no longer erased on withdrawal',
    },
  },
  {
    match: { section: 6, text: /^Most browsers let you delete or block cookies/ },
    kind: 'informational',
    data: ['cookies.browserControls'],
    evidence: 'Tells the reader what the browser can do; it obliges nothing of Onmion.',
  },
  {
    match: { section: 6, text: /^(Our cookie banner reads|We use cookies to analyze|Its buttons)/ },
    kind: 'enforced',
    data: ['cookies.banner'],
    code: ['packages/react/src/cookie-banner.tsx#CookieBanner'],
    tests: [`${REACT} :: CookieBanner > shows the policy text and labels while a choice is needed`, `${WEB} :: first visit > shows the banner with the policy text, runs no analytics and stores nothing`],
    mutant: {
      file: 'packages/react/src/cookie-banner.tsx',
      find: 'banner.rejectLabel',
      replace: "'Maybe later'",
      breaks: 'the banner shows another label than “Reject all”',
    },
  },

  // 7. Data retention
  {
    match: { section: 7, text: /^We retain information only as long as needed/ },
    kind: 'enforced',
    data: ['retention'],
    code: ['packages/server/src/records/cutoff.ts#sweepCutoff', 'packages/server/src/retention/retention.ts#createRetention'],
    tests: [`${CUTOFF} :: sweepCutoff > is the rule duration back from now for a rule without minimum`, `${RETENTION} :: plans, then sweeps in batches: superseded expired events are redacted, standing ones and minimums kept, the chain still verifies`],
    mutant: {
      file: 'packages/server/src/records/cutoff.ts',
      find: 'const due = subtractDuration(now, primary.duration)',
      replace: "const due = subtractDuration(subtractDuration(now, primary.duration), 'P1Y')",
      breaks: 'records outlive their rule',
    },
  },
  {
    match: { section: 7, text: /^A minimum period is a floor/ },
    kind: 'enforced',
    data: ['retention[sms_opt_out_logs].minimum', 'retention[accounting_records].minimum'],
    code: ['packages/server/src/records/erasure-guard.ts#erasureVerdict', 'packages/server/src/records/cutoff.ts#minimumCutoff'],
    tests: [`${GUARD} :: erasureVerdict > lets a minimum of any rule of the kind win over a shorter first rule`, `${RIGHTS} :: erases every source, keeps what the policy obliges (invoices 7 years, SMS opt-outs 5 years) and says until when`],
    mutant: {
      file: 'packages/server/src/records/erasure-guard.ts',
      find: 'if (rule.minimum === undefined) continue',
      replace: 'continue',
      breaks: 'an erasure request deletes records under a minimum',
    },
  },
  {
    match: { section: 7, text: /^(Account data|Work-order records|Usage logs|Cookies|Consent records|Privacy rights requests) \| While needed/ },
    kind: 'enforced',
    data: ['retention'],
    code: ['packages/server/src/records/cutoff.ts#sweepCutoff', 'packages/server/src/retention/retention.ts#createRetention'],
    tests: [
      `${SERVER_ONMION} :: section 7: how long Onmion keeps records > sweeps %s records once they are older than the published %s`,
      `${RETENTION} :: plans, then sweeps in batches: superseded expired events are redacted, standing ones and minimums kept, the chain still verifies`,
      `${RETENTION} :: deletes closed rights requests past their rule, never open ones`,
    ],
    mutant: {
      file: POLICY,
      after: "id: 'consent_records',",
      find: "duration: 'P5Y',",
      replace: "duration: 'P50Y',",
      breaks: 'consent records are kept fifty years instead of five',
    },
  },
  {
    match: { section: 7, text: /^Accounting records \|/ },
    kind: 'enforced',
    data: ['retention[accounting_records]'],
    code: ['packages/server/src/records/erasure-guard.ts#erasureVerdict'],
    tests: [`${SERVER_ONMION} :: section 7: how long Onmion keeps records > keeps accounting records seven years, even against an erasure request`, `${GUARD} :: erasureVerdict > keeps accounting records for seven years and says until when`],
    mutant: {
      file: POLICY,
      after: "id: 'accounting_records',",
      find: "minimum: 'P7Y',",
      replace: "minimum: 'P6Y',",
      breaks: 'accounting records may be erased after six years',
    },
  },
  {
    match: { section: 7, text: /^SMS opt-out logs \|/ },
    kind: 'enforced',
    data: ['retention[sms_opt_out_logs]'],
    code: ['packages/server/src/records/erasure-guard.ts#erasureVerdict', 'packages/server/src/records/cutoff.ts#sweepCutoff'],
    tests: [`${SERVER_ONMION} :: section 7: how long Onmion keeps records > keeps SMS opt-out logs at least five years, even against an erasure request`, `${GUARD} :: erasureVerdict > keeps an SMS opt-out under five years and erases one past it`, `${RIGHTS} :: erases every source, keeps what the policy obliges (invoices 7 years, SMS opt-outs 5 years) and says until when`],
    mutant: { file: POLICY, find: "minimum: 'P5Y',", replace: "minimum: 'P4Y',", breaks: 'SMS opt-out logs may be erased after four years' },
  },

  // 8. Security
  {
    match: { section: 8, text: /^We employ/ },
    kind: 'informational',
    evidence: 'Introduces the controls below, each traced on its own.',
  },
  {
    match: { section: 8, text: /^AES-256 at rest/ },
    kind: 'enforced',
    data: ['security.controls[aes256_at_rest]'],
    code: ['packages/server/src/crypto/vault.ts#createVault'],
    tests: ['packages/server/test/identifiers.test.ts :: identifier vault > seals with AES-256-GCM under the current key and opens again', 'packages/server/test/identifiers.test.ts :: never stores a phone number in clear, and finds events by keyed hash'],
    mutant: { file: 'packages/server/src/crypto/vault.ts', after: 'createCipheriv(', find: "'aes-256-gcm'", replace: "'aes-128-gcm'", breaks: 'identifiers are sealed with AES-128' },
    evidence: 'The SDK seals identifiers (phone numbers, emails) with AES-256-GCM itself. Disk or database encryption of everything else is the deployment’s: ask for the database volume’s encryption settings.',
  },
  {
    match: { section: 8, text: /^Least-privilege access controls/ },
    kind: 'enforced',
    data: ['security.controls[least_privilege]'],
    code: ['apps/consent-service/src/auth/scopes.ts#hasScope'],
    tests: ['apps/consent-service/src/auth/scopes.test.ts :: least privilege: what each key may reach > the %s key reaches exactly its own scopes', 'apps/consent-service/test/api.test.ts :: enforces the scope matrix on every keyed endpoint: no key 401, wrong scope 403, right scope passes', 'apps/consent-service/test/api.test.ts :: limits a publishable key to cookies.choice writes for one subject'],
    mutant: { file: 'apps/consent-service/src/auth/scopes.ts', find: "return granted.includes(needed) || granted.includes('admin')", replace: 'return true', breaks: 'every key may do everything' },
    evidence: 'The consent service gives each API key only its scopes (admin, server, publishable). People’s access to machines and databases is organisational: ask for the access reviews.',
  },
  {
    match: { section: 8, text: /^(TLS encryption in transit|Routine penetration testing)/ },
    kind: 'organisational',
    data: ['security.controls'],
    evidence: 'TLS is terminated in front of the consent service (its README says so; the service sends HSTS-ready security headers but speaks plain HTTP itself): ask for the load balancer’s TLS configuration and a scan report. Penetration tests: ask for the latest report and the fixes of its findings.',
  },
  {
    match: { section: 8, text: /^(While no internet transmission|Frameworks: )/ },
    kind: 'organisational',
    data: ['security.frameworks', 'security.disclaimer'],
    evidence: 'Alignment with NIST SP 800-53 and ISO 27001 is shown by a control mapping and, for ISO 27001, a certificate and its statement of applicability; the sentence also limits a promise, which no software can prove.',
  },

  // 9. Your rights
  {
    match: { section: 9, text: /^Depending on your jurisdiction/ },
    kind: 'informational',
    data: ['rights.jurisdictionNote'],
    evidence: 'Says which rights apply depends on the law; the deadlines of each law are enforced with the response clock below.',
  },
  {
    match: { section: 9, text: /^(Access|Data portability) – / },
    kind: 'enforced',
    data: ['rights.types[access]', 'rights.types[portability]'],
    code: ['packages/server/src/rights/fulfil.ts#fulfilRequest', 'packages/server/src/rights/bundle.ts#buildExportBundle'],
    tests: [`${RIGHTS} :: exports one JSON bundle: manifest and every source, identifiers decrypted for the subject`],
    mutant: { file: POLICY, find: "{ id: 'access', name: 'Access',", replace: "{ id: 'access_x', name: 'Access',", breaks: 'the right of access is no longer offered' },
  },
  {
    match: { section: 9, text: /^Correction – / },
    kind: 'enforced',
    data: ['rights.types[rectification]'],
    code: ['packages/server/src/rights/fulfil.ts#fulfilRequest'],
    tests: [`${RIGHTS} :: rectification: calls each source that can correct, reports those that cannot, and needs a patch`],
    mutant: { file: POLICY, find: "{ id: 'rectification',", replace: "{ id: 'rectification_x',", breaks: 'the right to correction is no longer offered' },
  },
  {
    match: { section: 9, text: /^Deletion – / },
    kind: 'enforced',
    data: ['rights.types[erasure]'],
    code: ['packages/server/src/rights/erasure.ts#eraseSubject'],
    tests: [`${RIGHTS} :: erases every source, keeps what the policy obliges (invoices 7 years, SMS opt-outs 5 years) and says until when`],
    mutant: { file: POLICY, find: "{ id: 'erasure',", replace: "{ id: 'erasure_x',", breaks: 'the right to deletion is no longer offered' },
  },
  {
    match: { section: 9, text: /^Restriction – / },
    kind: 'enforced',
    data: ['rights.types[restriction]'],
    code: ['packages/schema/src/decide.ts#decide', 'packages/schema/src/decision-rules.ts#decideByRules'],
    tests: [`${DECIDE} :: decide(): the reason table > %s`, `${RIGHTS} :: restriction: check() denies all processing but storage until lifted`],
    mutant: { file: 'packages/schema/src/decision-rules.ts', find: "if (state.restricted && !legalObligation && request.operation !== 'store') return", replace: 'if (false) return', breaks: 'a restricted subject is processed as before' },
  },
  {
    match: { section: 9, text: /^Objection – / },
    kind: 'enforced',
    data: ['rights.types[objection]', 'purposes'],
    code: ['packages/schema/src/decide.ts#decide', 'packages/schema/src/decision-rules.ts#decideByRules'],
    tests: [`${RIGHTS} :: objection: check() denies the legitimate-interest purposes objected to, nothing else, until lifted`],
    mutant: { file: POLICY, after: "id: 'debugging_fraud_prevention',", find: 'objectable: true,', replace: 'objectable: false,', breaks: 'an objection to debugging and fraud prevention is ignored' },
  },
  {
    match: { section: 9, text: /^Submit requests to privacy@onmion\.com; we respond within 30 days/ },
    kind: 'enforced',
    data: ['rights.contact', 'rights.deadline'],
    code: ['packages/server/src/rights/deadline.ts#dueDates', 'packages/schema/src/response-deadline.ts#requestDueDates'],
    tests: [`${SERVER_ONMION} :: section 9: we respond within 30 days > answers within 30 days where no law asks sooner, even where the law allows 45`, `${DEADLINE} :: dueDates > only the named clocks apply`],
    mutant: { file: POLICY, find: "deadline: 'P30D',", replace: "deadline: 'P31D',", breaks: 'requests are due in 31 days' },
  },

  // 10. Do Not Track and Global Privacy Control
  {
    match: { section: 10, text: /^(Do Not Track: |We honor the opt-out mechanisms)/ },
    kind: 'enforced',
    data: ['signals.doNotTrack'],
    code: ['packages/client/src/consent-manager.ts#createConsentManager'],
    tests: [`${CLIENT} :: Global Privacy Control (honored by the Onmion policy for analytics) > ignores Do Not Track, as the Onmion policy says`],
    mutant: { file: POLICY, after: 'doNotTrack: {', find: 'honored: false,', replace: 'honored: true,', breaks: 'the sites start to answer Do Not Track' },
  },
  {
    match: { section: 10, text: /^(Global Privacy Control: |A signal refuses)/ },
    kind: 'enforced',
    data: ['signals.globalPrivacyControl'],
    code: ['packages/client/src/consent-manager.ts#createConsentManager', 'packages/server/src/middleware/request-privacy.ts#createRequestPrivacy'],
    tests: [
      `${CLIENT} :: Global Privacy Control (honored by the Onmion policy for analytics) > starts with analytics refused and keeps it refused on accept all`,
      `${MIDDLEWARE} :: Sec-GPC: 1 refuses what the policy says GPC refuses, over the cookie`,
    ],
    mutant: { file: POLICY, find: "refuses: ['analytics'],", replace: "refuses: ['preferences'],", breaks: 'Global Privacy Control no longer refuses analytics' },
  },

  // 11. Changes
  {
    match: { section: 11, text: /^We may update this Privacy Policy/ },
    kind: 'informational',
    evidence: 'Says the policy can change; how a change is released and announced is traced below.',
  },
  {
    match: { section: 11, text: /^(The "Effective Date" will change|Material changes are announced|This is version)/ },
    kind: 'enforced',
    data: ['meta.version', 'meta.effectiveDate', 'meta.changes'],
    code: [
      'packages/schema/src/diff.ts#diffPolicies',
      'packages/schema/src/consent-cookie-codec.ts#isMaterialVersionChange',
      'packages/client/src/consent-manager.ts#createConsentManager',
      'packages/react/src/cookie-banner.tsx#CookieBanner',
      'packages/server/src/notices/notices.ts#announce',
      'packages/schema/src/render/change-summary.ts#summarizePolicyChange',
    ],
    tests: [
      `${CLIENT} :: createConsentManager > asks again, granting nothing, after a material (major) change, and keeps the consent id`,
      'packages/server/test/notices.test.ts :: announces a material change once per touched subject, records it in the ledger, and sends nothing on a rerun',
      'packages/schema/src/diff.test.ts :: the rule table > material means major; only release stamps need no release',
      `${WEB} :: a changed policy version > asks again, running nothing, when the stored choice was made under another major version`,
    ],
    mutant: {
      file: 'packages/schema/src/consent-cookie-codec.ts',
      find: 'return a === null || b === null || a[1] !== b[1]',
      replace: 'return a === null || b === null',
      breaks: 'a material change no longer asks the visitor again',
    },
  },

  // 12. Contact us
  {
    match: { section: 12, text: /./ },
    kind: 'informational',
    data: ['meta.controller', 'meta.contact'],
    evidence: `Contact details. ${RENDERED}`,
  },

  // The operational-defaults note
  {
    match: { section: 99, text: /^† Operational default/ },
    kind: 'informational',
    data: ['retention[consent_records].operationalDefaults'],
    evidence: 'Explains the † marks: which values the seed left open. packages/policy/src/readme.test.ts checks that the README lists every operational default of the data.',
  },
  {
    match: { section: 99, text: /^It changes only with a new version/ },
    kind: 'enforced',
    data: ['retention', 'cookies.declared'],
    code: ['packages/schema/src/diff.ts#diffPolicies'],
    tests: ['packages/schema/src/diff.test.ts :: diffPolicies > an operational default is judged like any value: kept longer is material, kept less long is not'],
    mutant: {
      file: 'packages/schema/src/diff.ts',
      find: '  retention_extended: material(',
      replace: "retention_extended: patch(",
      breaks: 'keeping records longer is no longer a material change',
    },
  },
]
