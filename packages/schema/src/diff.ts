import { compareDurations } from './duration.js'
import type { LegalBasis } from './model/purpose.js'
import type { Sensitivity } from './model/data-category.js'
import type { RetentionRule } from './model/retention-rule.js'
import type { Policy } from './policy.js'

/**
 * The semver bump a policy change requires of the package that publishes the policy, in the
 * terms changesets uses.
 *
 * @example bumpSatisfies(SemverBump.minor, 'major') // true
 */
export const SemverBump = { major: 'major', minor: 'minor', patch: 'patch', none: 'none' } as const
export type SemverBump = (typeof SemverBump)[keyof typeof SemverBump]

const RANK: Record<SemverBump, number> = { none: 0, patch: 1, minor: 2, major: 3 }

/**
 * Whether releasing with bump `actual` (a changeset's) is enough for a change that requires
 * `required` (from {@link diffPolicies}): a larger bump always satisfies a smaller one.
 * The comparison is by rank only; it does not apply semver's 0.x convention, because the
 * policy package is past 1.0.
 *
 * @example
 * bumpSatisfies('major', 'minor') // false: a material change released as a minor
 * bumpSatisfies('patch', 'minor') // true
 */
export function bumpSatisfies(required: SemverBump, actual: SemverBump): boolean {
  return RANK[actual] >= RANK[required]
}

interface ChangeRule {
  readonly bump: SemverBump
  readonly material: boolean
  readonly rule: string
}

const material = (rule: string): ChangeRule => ({ bump: 'major', material: true, rule })
const breaking = (rule: string): ChangeRule => ({ bump: 'major', material: false, rule })
const minor = (rule: string): ChangeRule => ({ bump: 'minor', material: false, rule })
const patch = (rule: string): ChangeRule => ({ bump: 'patch', material: false, rule })

/**
 * The rule table: every kind of change {@link diffPolicies} reports, the bump it requires and
 * whether it is material.
 *
 * A change is material when it lets more data be processed, for more purposes, by more
 * recipients, for longer, on a weaker basis, or when it takes a right, a choice or a protection
 * away from the people the policy is about: such a change needs announcing and, for consent,
 * asking again, and it requires a major release. Removing a declared id (a purpose, a data
 * category...) is not material, since less is processed, but it is still a major release: the id
 * disappears from the package's typed unions and code naming it stops compiling. Everything else
 * that changes what the policy says is minor; rewording is a patch. The table judges structure:
 * text is compared as text, so rewording that changes meaning (a recipient's scope, say) is
 * reported as a patch and needs a human reading; treat the bump as a floor. Operational defaults
 * (values the source policy leaves open) are judged like every other value: the published page
 * shows them, so a cookie or a record kept longer is material whether or not the value is marked.
 *
 * @example CHANGE_RULES.purpose_added // { bump: 'major', material: true, rule: 'a new purpose' }
 */
export const CHANGE_RULES = {
  // major, material
  controller_changed: material('another organization becomes responsible for the data'),
  data_category_added: material('a new category of personal data is collected'),
  data_category_example_added: material('a category now lists a kind of data it did not list'),
  data_category_source_added: material('a category is collected from a new source'),
  data_category_sensitivity_lowered: material('a category is classed less sensitive, so less protected'),
  data_category_retention_extended: material('a category moves to a retention rule that keeps it longer or changes its minimum'),
  purpose_added: material('a new purpose'),
  purpose_category_added: material('a purpose may use a data category it could not use'),
  purpose_basis_weakened: material('a purpose rests on a basis that leaves the subject less control (consent > legitimate interest > contract > legal obligation)'),
  purpose_objection_removed: material('the subject may no longer object to a purpose'),
  recipient_added: material('a new recipient'),
  recipient_category_added: material('a recipient receives a data category it did not receive'),
  recipient_purpose_added: material('a recipient receives data for a purpose it did not'),
  recipient_kind_changed: material('a recipient changes kind (e.g. from service provider to business transfer)'),
  recipient_scope_removed: material('the words that narrowed what a recipient receives are gone'),
  channel_purpose_changed: material('a channel serves, or an SMS opt-out withdraws, another purpose'),
  sms_provider_changed: material('another recipient delivers the text messages'),
  enrollment_by_first_inbound_added: material('a first inbound text now enrolls its sender'),
  sms_opt_out_keyword_removed: material('a word that stopped messages no longer does'),
  cookie_category_added: material('a new cookie category: stored consent has no answer for it, so visitors are asked again'),
  cookie_category_required_changed: material('a cookie category becomes strictly necessary (the choice is gone) or optional (stored consent has no answer for it)'),
  cookie_category_purpose_added: material('consent to a cookie category now covers another purpose'),
  cookie_category_signal_added: material('granting a cookie category now grants another Consent Mode signal'),
  cookie_recategorized: material('a cookie moves to another category, so other consent governs it'),
  cookie_made_third_party: material('a first-party cookie becomes third-party'),
  third_party_cookie_provider_changed: material('another third party sets a cookie'),
  cookie_lifetime_extended: material('a cookie lives longer'),
  cookie_category_host_removed: material('requests to a host are no longer held until its cookie category is granted'),
  consent_mode_advanced: material('Google tags load before any choice (Consent Mode advanced: cookieless pings while denied)'),
  shared_domain_added: material('one cookie choice now also applies on the sites of another domain'),
  retention_extended: material('a retention rule keeps records longer (a longer period, or none)'),
  retention_minimum_changed: material('a retention minimum is added, removed, longer (erasure waits longer) or shorter (proof kept less long)'),
  right_removed: material('a right is no longer granted'),
  rights_deadline_extended: material('rights requests may take longer to answer'),
  minimum_age_lowered: material('data may be collected from younger people'),
  do_not_track_dropped: material('Do Not Track is no longer honored'),
  gpc_dropped: material('Global Privacy Control is no longer honored'),
  gpc_refusal_removed: material('a Global Privacy Control signal refuses fewer cookie categories'),
  security_control_removed: material('a declared security control is gone'),
  security_framework_removed: material('the safeguards no longer claim alignment with a framework'),
  change_announcement_removed: material('material changes are announced through fewer means'),
  // major, not material: an id leaves the typed unions
  data_category_removed: breaking('a data category id is removed'),
  purpose_removed: breaking('a purpose id is removed'),
  recipient_removed: breaking('a recipient id is removed'),
  cookie_category_removed: breaking('a cookie category id is removed'),
  retention_rule_removed: breaking('a retention rule id is removed'),
  // minor
  scope_extended: minor('the policy covers another site, service or channel'),
  scope_narrowed: minor('the policy covers one site, service or channel fewer'),
  contact_changed: minor('a contact address or number changes'),
  change_announcement_added: minor('material changes are announced through another means too'),
  data_category_example_removed: minor('a category lists one kind of data fewer'),
  data_category_source_removed: minor('a category is collected from one source fewer'),
  data_category_sensitivity_raised: minor('a category is classed more sensitive'),
  data_category_retention_reassigned: minor('a category moves to a retention rule that keeps it no longer'),
  purpose_category_removed: minor('a purpose may use one data category fewer'),
  purpose_basis_strengthened: minor('a purpose rests on a basis that gives the subject more control'),
  purpose_objection_added: minor('the subject may now object to a purpose'),
  recipient_category_removed: minor('a recipient receives one data category fewer'),
  recipient_purpose_removed: minor('a recipient receives data for one purpose fewer'),
  recipient_example_added: minor('a recipient names another example (the kind of recipient is already disclosed)'),
  recipient_example_removed: minor('a recipient names one example fewer'),
  recipient_scope_added: minor('words now narrow what a recipient receives'),
  enrollment_method_added: minor('another way to enroll in SMS'),
  enrollment_method_removed: minor('one way fewer to enroll in SMS'),
  enrollment_by_first_inbound_removed: minor('a first inbound text no longer enrolls its sender'),
  sms_keyword_added: minor('a new SMS keyword'),
  sms_keyword_removed: minor('an opt-in or help keyword is removed'),
  cookie_category_purpose_removed: minor('consent to a cookie category covers one purpose fewer'),
  cookie_category_signal_removed: minor('granting a cookie category grants one Consent Mode signal fewer'),
  cookie_declared: minor('a new cookie declaration (in a category whose consent covers it)'),
  cookie_removed: minor('a cookie declaration is removed'),
  cookie_made_first_party: minor('a third-party cookie becomes first-party'),
  cookie_lifetime_shortened: minor('a cookie lives less long'),
  cookie_category_host_added: minor('requests to another host are held until its cookie category is granted'),
  consent_mode_basic: minor('Google tags wait for a grant (Consent Mode basic)'),
  shared_domain_removed: minor('one cookie choice applies on the sites of one domain fewer'),
  held_requests_changed: minor('requests held before a choice are now dropped, or kept for a later grant, on refusal'),
  retention_rule_added: minor('a new retention rule'),
  retention_shortened: minor('a retention rule keeps records less long'),
  retention_kind_changed: minor('a retention rule changes kind (its periods are compared separately)'),
  right_added: minor('a new right'),
  rights_deadline_shortened: minor('rights requests are answered sooner'),
  minimum_age_raised: minor('the minimum age goes up'),
  do_not_track_honored: minor('Do Not Track is now honored'),
  gpc_honored: minor('Global Privacy Control is now honored'),
  gpc_refusal_added: minor('a Global Privacy Control signal refuses another cookie category'),
  security_control_added: minor('a new security control'),
  security_framework_added: minor('the safeguards claim alignment with another framework'),
  // patch
  wording_changed: patch('text shown to people is reworded'),
  order_changed: patch('a list is reordered'),
  operational_defaults_changed: patch('which values are marked as operational defaults changes'),
  // none
  release_stamp_changed: { bump: 'none', material: false, rule: 'the version or effective date: the stamp a release sets, not content' },
} as const satisfies Record<string, ChangeRule>

/**
 * One kind of change; its bump and materiality are in {@link CHANGE_RULES}.
 *
 * @example const rule = CHANGE_RULES['purpose_added' satisfies PolicyChangeKind] // { bump: 'major', material: true, ... }
 */
export type PolicyChangeKind = keyof typeof CHANGE_RULES

/**
 * One difference between two policies.
 *
 * @example for (const change of diff.changes) console.log(`${change.bump} ${change.path}: ${change.description}`)
 */
export interface PolicyChange {
  readonly kind: PolicyChangeKind
  /** Where, with entity ids in place of indexes: `purposes.analytics.categories`. */
  readonly path: string
  readonly before: unknown
  readonly after: unknown
  readonly material: boolean
  readonly bump: SemverBump
  /** The change in plain words. */
  readonly description: string
}

/**
 * What changed between two policies and what release that needs.
 *
 * @example const { bump, material }: PolicyDiff = diffPolicies(published, next)
 */
export interface PolicyDiff {
  readonly changes: readonly PolicyChange[]
  /** Whether any change is material (announce it; ask for consent again). */
  readonly material: boolean
  /** The largest bump any change requires; `none` when the policies say the same. */
  readonly bump: SemverBump
}

type Segment = string | number
const PLAIN_KEY = /^[A-Za-z_][A-Za-z0-9_]*$/

function formatPath(segments: readonly Segment[]): string {
  return segments
    .map((segment, i) => {
      if (typeof segment === 'number') return `[${segment}]`
      if (PLAIN_KEY.test(segment)) return i === 0 ? segment : `.${segment}`
      return `[${JSON.stringify(segment)}]`
    })
    .join('')
}

const quote = (value: unknown): string => (value === undefined ? 'nothing' : JSON.stringify(value))

class Changes {
  readonly list: PolicyChange[] = []

  add(kind: PolicyChangeKind, path: readonly Segment[], before: unknown, after: unknown, description: string): void {
    const rule: ChangeRule = CHANGE_RULES[kind]
    this.list.push({ kind, path: formatPath(path), before, after, material: rule.material, bump: rule.bump, description })
  }

  /** A text field: any difference is rewording. */
  text(path: readonly Segment[], before: string | undefined, after: string | undefined, what: string): void {
    if (before !== after) this.add('wording_changed', path, before, after, `${what} reworded from ${quote(before)} to ${quote(after)}`)
  }

  /** A list of plain values compared as a set, then for order. */
  set<T extends string>(
    path: readonly Segment[],
    before: readonly T[],
    after: readonly T[],
    kinds: { added: PolicyChangeKind; removed: PolicyChangeKind },
    describe: (value: T, added: boolean) => string,
    key: (value: T) => string = (value) => value,
  ): void {
    const beforeKeys = new Set(before.map(key))
    const afterKeys = new Set(after.map(key))
    for (const value of after) if (!beforeKeys.has(key(value))) this.add(kinds.added, path, undefined, value, describe(value, true))
    for (const value of before) if (!afterKeys.has(key(value))) this.add(kinds.removed, path, value, undefined, describe(value, false))
    const kept = (list: readonly T[], other: Set<string>): T[] => list.filter((value) => other.has(key(value)))
    const keptBefore = kept(before, afterKeys)
    const keptAfter = kept(after, beforeKeys)
    if (keptBefore.some((value, i) => value !== keptAfter[i])) {
      const afterOrder = keptAfter.map(key)
      const sameOrder = keptBefore.every((value, i) => key(value) === afterOrder[i])
      if (sameOrder) this.add('wording_changed', path, keptBefore, keptAfter, `${formatPath(path)} respelt`)
      else this.add('order_changed', path, keptBefore, keptAfter, `${formatPath(path)} reordered`)
    }
  }

  /** A list of entities matched by key: added, removed, reordered, and `both` for the kept ones. */
  entities<T>(
    path: readonly Segment[],
    before: readonly T[],
    after: readonly T[],
    key: (entity: T) => string,
    on: { added: (entity: T, path: Segment[]) => void; removed: (entity: T, path: Segment[]) => void; both: (a: T, b: T, path: Segment[]) => void },
  ): void {
    const afterByKey = new Map(after.map((entity) => [key(entity), entity]))
    const beforeByKey = new Map(before.map((entity) => [key(entity), entity]))
    for (const entity of after) if (!beforeByKey.has(key(entity))) on.added(entity, [...path, key(entity)])
    for (const entity of before) {
      const match = afterByKey.get(key(entity))
      if (match === undefined) on.removed(entity, [...path, key(entity)])
      else on.both(entity, match, [...path, key(entity)])
    }
    const keptBefore = before.map(key).filter((k) => afterByKey.has(k))
    const keptAfter = after.map(key).filter((k) => beforeByKey.has(k))
    if (keptBefore.some((k, i) => k !== keptAfter[i])) this.add('order_changed', path, keptBefore, keptAfter, `${formatPath(path)} reordered`)
  }

  operationalDefaults(path: readonly Segment[], before: readonly string[], after: readonly string[]): void {
    if (before.join('\n') !== after.join('\n')) {
      this.add('operational_defaults_changed', [...path, 'operationalDefaults'], before, after, `operational defaults of ${formatPath(path)} changed`)
    }
  }
}

// Strength of a basis for the subject: consent needs their yes; legitimate interest yields to
// their objection; contract and legal obligation need neither, legal obligation least of all.
const BASIS_STRENGTH: Record<LegalBasis, number> = { consent: 3, legitimate_interest: 2, contract: 1, legal_obligation: 0 }
const SENSITIVITY: Record<Sensitivity, number> = { low: 0, moderate: 1, high: 2 }

/** Compares two optional periods where `undefined` means "no end". */
function comparePeriods(a: string | undefined, b: string | undefined): number {
  if (a === b) return 0
  if (a === undefined) return 1
  if (b === undefined) return -1
  return compareDurations(a, b)
}

function compareLifetimes(a: string, b: string): number {
  if (a === b) return 0
  if (a === 'session') return -1
  if (b === 'session') return 1
  return compareDurations(a, b)
}

function retentionExtended(a: RetentionRule | undefined, b: RetentionRule | undefined): boolean {
  if (a === undefined || b === undefined) return a !== b
  return comparePeriods(b.duration, a.duration) > 0 || b.minimum !== a.minimum
}

function diffMeta(c: Changes, a: Policy['meta'], b: Policy['meta']): void {
  c.text(['meta', 'title'], a.title, b.title, 'the title')
  if (a.controller !== b.controller) c.add('controller_changed', ['meta', 'controller'], a.controller, b.controller, `the controller is now ${b.controller}, not ${a.controller}`)
  if (a.version !== b.version) c.add('release_stamp_changed', ['meta', 'version'], a.version, b.version, `version ${a.version} -> ${b.version}`)
  if (a.effectiveDate !== b.effectiveDate) {
    c.add('release_stamp_changed', ['meta', 'effectiveDate'], a.effectiveDate, b.effectiveDate, `effective date ${a.effectiveDate} -> ${b.effectiveDate}`)
  }
  for (const part of ['sites', 'services', 'channels'] as const) {
    c.set(['meta', 'scope', part], a.scope[part], b.scope[part], { added: 'scope_extended', removed: 'scope_narrowed' }, (value, added) =>
      added ? `the policy now covers ${quote(value)}` : `the policy no longer covers ${quote(value)}`,
    )
  }
  for (const field of ['privacy', 'support', 'phone'] as const) {
    if (a.contact[field] !== b.contact[field]) {
      c.add('contact_changed', ['meta', 'contact', field], a.contact[field], b.contact[field], `the ${field} contact is now ${b.contact[field]}`)
    }
  }
  c.text(['meta', 'changes', 'description'], a.changes.description, b.changes.description, 'the changes section')
  c.set(['meta', 'changes', 'announcedVia'], a.changes.announcedVia, b.changes.announcedVia, { added: 'change_announcement_added', removed: 'change_announcement_removed' }, (value, added) =>
    added ? `material changes are also announced by ${value}` : `material changes are no longer announced by ${value}`,
  )
  c.operationalDefaults(['meta'], a.operationalDefaults, b.operationalDefaults)
}

function diffDataCategories(c: Changes, a: Policy, b: Policy): void {
  c.entities(['dataCategories'], a.dataCategories, b.dataCategories, (x) => x.id, {
    added: (x, path) => c.add('data_category_added', path, undefined, x, `new data category "${x.id}" (${x.name})`),
    removed: (x, path) => c.add('data_category_removed', path, x, undefined, `data category "${x.id}" removed`),
    both: (x, y, path) => {
      c.text([...path, 'name'], x.name, y.name, `the name of "${x.id}"`)
      c.text([...path, 'description'], x.description, y.description, `the description of "${x.id}"`)
      c.set([...path, 'examples'], x.examples, y.examples, { added: 'data_category_example_added', removed: 'data_category_example_removed' }, (value, added) =>
        added ? `"${x.id}" now includes ${quote(value)}` : `"${x.id}" no longer lists ${quote(value)}`,
      )
      c.set([...path, 'sources'], x.sources, y.sources, { added: 'data_category_source_added', removed: 'data_category_source_removed' }, (value, added) =>
        added ? `"${x.id}" is now also collected from source "${value}"` : `"${x.id}" is no longer collected from source "${value}"`,
      )
      if (x.sensitivity !== y.sensitivity) {
        const lowered = SENSITIVITY[y.sensitivity] < SENSITIVITY[x.sensitivity]
        c.add(lowered ? 'data_category_sensitivity_lowered' : 'data_category_sensitivity_raised', [...path, 'sensitivity'], x.sensitivity, y.sensitivity, `"${x.id}" sensitivity ${x.sensitivity} -> ${y.sensitivity}`)
      }
      if (x.retention !== y.retention) {
        const extended = retentionExtended(
          a.retention.find((r) => r.id === x.retention),
          b.retention.find((r) => r.id === y.retention),
        )
        c.add(extended ? 'data_category_retention_extended' : 'data_category_retention_reassigned', [...path, 'retention'], x.retention, y.retention, `"${x.id}" is now kept under rule "${y.retention}", not "${x.retention}"`)
      }
      c.operationalDefaults(path, x.operationalDefaults, y.operationalDefaults)
    },
  })
}

function diffPurposes(c: Changes, a: Policy, b: Policy): void {
  c.entities(['purposes'], a.purposes, b.purposes, (x) => x.id, {
    added: (x, path) => c.add('purpose_added', path, undefined, x, `new purpose "${x.id}" (${x.name}), on the basis of ${x.basis}`),
    removed: (x, path) => c.add('purpose_removed', path, x, undefined, `purpose "${x.id}" removed`),
    both: (x, y, path) => {
      c.text([...path, 'name'], x.name, y.name, `the name of "${x.id}"`)
      c.text([...path, 'description'], x.description, y.description, `the description of "${x.id}"`)
      if (x.basis !== y.basis) {
        const weakened = BASIS_STRENGTH[y.basis] < BASIS_STRENGTH[x.basis]
        c.add(weakened ? 'purpose_basis_weakened' : 'purpose_basis_strengthened', [...path, 'basis'], x.basis, y.basis, `"${x.id}" now rests on ${y.basis}, not ${x.basis}`)
      }
      c.set([...path, 'categories'], x.categories, y.categories, { added: 'purpose_category_added', removed: 'purpose_category_removed' }, (value, added) =>
        added ? `purpose "${x.id}" may now use data category "${value}"` : `purpose "${x.id}" may no longer use data category "${value}"`,
      )
      if (x.objectable !== y.objectable) {
        c.add(y.objectable ? 'purpose_objection_added' : 'purpose_objection_removed', [...path, 'objectable'], x.objectable, y.objectable, y.objectable ? `you may now object to "${x.id}"` : `you may no longer object to "${x.id}"`)
      }
      c.operationalDefaults(path, x.operationalDefaults, y.operationalDefaults)
    },
  })
}

function diffRecipients(c: Changes, a: Policy, b: Policy): void {
  c.entities(['recipients'], a.recipients, b.recipients, (x) => x.id, {
    added: (x, path) => c.add('recipient_added', path, undefined, x, `new recipient "${x.id}" (${x.name})`),
    removed: (x, path) => c.add('recipient_removed', path, x, undefined, `recipient "${x.id}" removed`),
    both: (x, y, path) => {
      c.text([...path, 'name'], x.name, y.name, `the name of "${x.id}"`)
      c.text([...path, 'description'], x.description, y.description, `the description of "${x.id}"`)
      if (x.kind !== y.kind) c.add('recipient_kind_changed', [...path, 'kind'], x.kind, y.kind, `"${x.id}" is now a ${y.kind}, not a ${x.kind}`)
      c.set([...path, 'examples'], x.examples, y.examples, { added: 'recipient_example_added', removed: 'recipient_example_removed' }, (value, added) =>
        added ? `"${x.id}" now names ${quote(value)}` : `"${x.id}" no longer names ${quote(value)}`,
      )
      c.set([...path, 'categories'], x.categories, y.categories, { added: 'recipient_category_added', removed: 'recipient_category_removed' }, (value, added) =>
        added ? `recipient "${x.id}" now receives data category "${value}"` : `recipient "${x.id}" no longer receives data category "${value}"`,
      )
      c.set([...path, 'purposes'], x.purposes, y.purposes, { added: 'recipient_purpose_added', removed: 'recipient_purpose_removed' }, (value, added) =>
        added ? `recipient "${x.id}" now receives data for purpose "${value}"` : `recipient "${x.id}" no longer receives data for purpose "${value}"`,
      )
      if (x.scope !== undefined && y.scope === undefined) c.add('recipient_scope_removed', [...path, 'scope'], x.scope, undefined, `what "${x.id}" receives is no longer narrowed to ${quote(x.scope)}`)
      else if (x.scope === undefined && y.scope !== undefined) c.add('recipient_scope_added', [...path, 'scope'], undefined, y.scope, `what "${x.id}" receives is now narrowed to ${quote(y.scope)}`)
      else c.text([...path, 'scope'], x.scope, y.scope, `the scope of "${x.id}"`)
      c.operationalDefaults(path, x.operationalDefaults, y.operationalDefaults)
    },
  })
}

function diffChannels(c: Changes, a: Policy['channels'], b: Policy['channels']): void {
  const path = ['channels', 'sms']
  const [x, y] = [a.sms, b.sms]
  c.text([...path, 'programName'], x.programName, y.programName, 'the SMS program name')
  if (x.purpose !== y.purpose) c.add('channel_purpose_changed', [...path, 'purpose'], x.purpose, y.purpose, `SMS now serves purpose "${y.purpose}", not "${x.purpose}"`)
  if (x.provider !== y.provider) c.add('sms_provider_changed', [...path, 'provider'], x.provider, y.provider, `SMS is now delivered by "${y.provider}", not "${x.provider}"`)
  c.entities([...path, 'enrollmentMethods'], x.enrollmentMethods, y.enrollmentMethods, (m) => m.id, {
    added: (m, p) => c.add('enrollment_method_added', p, undefined, m, `new SMS enrollment method "${m.id}" (${m.name})`),
    removed: (m, p) => c.add('enrollment_method_removed', p, m, undefined, `SMS enrollment method "${m.id}" removed`),
    both: (m, n, p) => {
      c.text([...p, 'name'], m.name, n.name, `the name of enrollment method "${m.id}"`)
      c.text([...p, 'description'], m.description, n.description, `the description of enrollment method "${m.id}"`)
      if (m.enrollsOnFirstInbound !== n.enrollsOnFirstInbound) {
        c.add(n.enrollsOnFirstInbound ? 'enrollment_by_first_inbound_added' : 'enrollment_by_first_inbound_removed', [...p, 'enrollsOnFirstInbound'], m.enrollsOnFirstInbound, n.enrollsOnFirstInbound, n.enrollsOnFirstInbound ? `a first inbound text now enrolls by "${m.id}"` : `a first inbound text no longer enrolls by "${m.id}"`)
      }
    },
  })
  for (const list of ['optOut', 'optIn', 'help'] as const) {
    c.set(
      [...path, 'keywords', list],
      x.keywords[list],
      y.keywords[list],
      { added: 'sms_keyword_added', removed: list === 'optOut' ? 'sms_opt_out_keyword_removed' : 'sms_keyword_removed' },
      (value, added) => (added ? `${quote(value)} is now an ${list} keyword` : `${quote(value)} is no longer an ${list} keyword`),
      // Keywords match case-insensitively: "stop" and "STOP" are one keyword.
      (value) => value.toUpperCase(),
    )
  }
  for (const text of ['help', 'optOutConfirmation', 'optInConfirmation'] as const) c.text([...path, 'texts', text], x.texts[text], y.texts[text], `the SMS ${text} text`)
  for (const text of ['frequency', 'rates', 'carrierDisclaimer'] as const) c.text([...path, text], x[text], y[text], `the SMS ${text} disclosure`)
  for (const field of ['supportEmail', 'supportPhone'] as const) {
    if (x[field] !== y[field]) c.add('contact_changed', [...path, field], x[field], y[field], `the SMS ${field} is now ${y[field]}`)
  }
  if (a.email.purpose !== b.email.purpose) {
    c.add('channel_purpose_changed', ['channels', 'email', 'purpose'], a.email.purpose, b.email.purpose, `email now serves purpose "${b.email.purpose}", not "${a.email.purpose}"`)
  }
  c.text(['channels', 'email', 'description'], a.email.description, b.email.description, 'the email channel description')
}

function diffCookies(c: Changes, a: Policy['cookies'], b: Policy['cookies']): void {
  c.entities(['cookies', 'categories'], a.categories, b.categories, (x) => x.id, {
    added: (x, path) => c.add('cookie_category_added', path, undefined, x, `new cookie category "${x.id}" (${x.name})`),
    removed: (x, path) => c.add('cookie_category_removed', path, x, undefined, `cookie category "${x.id}" removed`),
    both: (x, y, path) => {
      c.text([...path, 'name'], x.name, y.name, `the name of cookie category "${x.id}"`)
      c.text([...path, 'description'], x.description, y.description, `the description of cookie category "${x.id}"`)
      if (x.required !== y.required) {
        c.add('cookie_category_required_changed', [...path, 'required'], x.required, y.required, y.required ? `cookie category "${x.id}" can no longer be refused` : `cookie category "${x.id}" now needs consent`)
      }
      c.set([...path, 'purposes'], x.purposes, y.purposes, { added: 'cookie_category_purpose_added', removed: 'cookie_category_purpose_removed' }, (value, added) =>
        added ? `consent to cookie category "${x.id}" now covers purpose "${value}"` : `consent to cookie category "${x.id}" no longer covers purpose "${value}"`,
      )
      c.set([...path, 'consentMode'], x.consentMode, y.consentMode, { added: 'cookie_category_signal_added', removed: 'cookie_category_signal_removed' }, (value, added) =>
        added ? `granting "${x.id}" now grants ${value}` : `granting "${x.id}" no longer grants ${value}`,
      )
      c.set([...path, 'hosts'], x.hosts ?? [], y.hosts ?? [], { added: 'cookie_category_host_added', removed: 'cookie_category_host_removed' }, (value, added) =>
        added ? `requests to ${value} now wait for "${x.id}" to be granted` : `requests to ${value} no longer wait for "${x.id}" to be granted`,
      )
    },
  })
  diffBrowserSettings(c, a.browser ?? {}, b.browser ?? {})
  const cookieKey = (cookie: Policy['cookies']['declared'][number]): string => cookie.name ?? `/${cookie.pattern ?? ''}/`
  c.entities(['cookies', 'declared'], a.declared, b.declared, cookieKey, {
    added: (x, path) => c.add('cookie_declared', path, undefined, x, `new ${x.party}-party cookie ${cookieKey(x)} in category "${x.category}"`),
    removed: (x, path) => c.add('cookie_removed', path, x, undefined, `cookie ${cookieKey(x)} removed`),
    both: (x, y, path) => {
      const name = cookieKey(x)
      if (x.category !== y.category) c.add('cookie_recategorized', [...path, 'category'], x.category, y.category, `cookie ${name} moves from "${x.category}" to "${y.category}"`)
      if (x.party !== y.party) {
        c.add(y.party === 'third' ? 'cookie_made_third_party' : 'cookie_made_first_party', [...path, 'party'], x.party, y.party, `cookie ${name} is now ${y.party}-party`)
      }
      if (x.provider !== y.provider) {
        if (y.party === 'third') c.add('third_party_cookie_provider_changed', [...path, 'provider'], x.provider, y.provider, `cookie ${name} is now set by ${y.provider}, not ${x.provider}`)
        else c.text([...path, 'provider'], x.provider, y.provider, `the provider of cookie ${name}`)
      }
      const lifetime = compareLifetimes(x.lifetime, y.lifetime)
      if (lifetime > 0) c.add('cookie_lifetime_shortened', [...path, 'lifetime'], x.lifetime, y.lifetime, `cookie ${name} now lives ${y.lifetime}, not ${x.lifetime}`)
      else if (lifetime < 0) c.add('cookie_lifetime_extended', [...path, 'lifetime'], x.lifetime, y.lifetime, `cookie ${name} now lives ${y.lifetime}, not ${x.lifetime}`)
      else c.text([...path, 'lifetime'], x.lifetime, y.lifetime, `the lifetime of cookie ${name}`)
      c.text([...path, 'purpose'], x.purpose, y.purpose, `the purpose of cookie ${name}`)
      c.operationalDefaults(path, x.operationalDefaults, y.operationalDefaults)
    },
  })
  for (const field of ['text', 'acceptLabel', 'rejectLabel', 'preferencesLabel'] as const) {
    c.text(['cookies', 'banner', field], a.banner[field], b.banner[field], `the cookie banner ${field}`)
  }
  c.text(['cookies', 'browserControls'], a.browserControls, b.browserControls, 'the browser controls statement')
}

/** The browser settings, each absent one read as the client's default (`basic`, `drop`, no shared domain). */
function diffBrowserSettings(c: Changes, a: NonNullable<Policy['cookies']['browser']>, b: NonNullable<Policy['cookies']['browser']>): void {
  const path = ['cookies', 'browser'] as const
  const [mode, mode2] = [a.consentMode ?? 'basic', b.consentMode ?? 'basic']
  if (mode !== mode2) {
    c.add(mode2 === 'advanced' ? 'consent_mode_advanced' : 'consent_mode_basic', [...path, 'consentMode'], mode, mode2, `Google tags now ${mode2 === 'advanced' ? 'load before any choice, signals denied' : 'wait for a grant'} (Consent Mode ${mode2})`)
  }
  const [held, held2] = [a.heldOnRefusal ?? 'drop', b.heldOnRefusal ?? 'drop']
  if (held !== held2) c.add('held_requests_changed', [...path, 'heldOnRefusal'], held, held2, `requests held before a choice are now ${held2 === 'drop' ? 'dropped' : 'kept for a later grant'} on refusal`)
  c.set([...path, 'sharedDomains'], a.sharedDomains ?? [], b.sharedDomains ?? [], { added: 'shared_domain_added', removed: 'shared_domain_removed' }, (value, added) =>
    added ? `a cookie choice now also applies on ${value} and its sub-domains` : `a cookie choice no longer applies on ${value}`,
  )
  for (const field of ['text', 'loadLabel', 'loadCategoryLabel'] as const) c.text([...path, 'embed', field], a.embed?.[field], b.embed?.[field], `the embed placeholder ${field}`)
}

function diffRetention(c: Changes, a: Policy, b: Policy): void {
  c.entities(['retention'], a.retention, b.retention, (x) => x.id, {
    added: (x, path) => c.add('retention_rule_added', path, undefined, x, `new retention rule "${x.id}" (${x.name})`),
    removed: (x, path) => c.add('retention_rule_removed', path, x, undefined, `retention rule "${x.id}" removed`),
    both: (x, y, path) => {
      c.text([...path, 'name'], x.name, y.name, `the name of retention rule "${x.id}"`)
      c.text([...path, 'description'], x.description, y.description, `the description of retention rule "${x.id}"`)
      c.text([...path, 'reason'], x.reason, y.reason, `the reason of retention rule "${x.id}"`)
      if (x.kind !== y.kind) c.add('retention_kind_changed', [...path, 'kind'], x.kind, y.kind, `retention rule "${x.id}" is now ${y.kind}, not ${x.kind}`)
      const period = comparePeriods(y.duration, x.duration)
      const words = (d: string | undefined): string => d ?? 'no end'
      if (period > 0) c.add('retention_extended', [...path, 'duration'], x.duration, y.duration, `"${x.id}" records are now kept ${words(y.duration)}, not ${words(x.duration)}`)
      else if (period < 0) c.add('retention_shortened', [...path, 'duration'], x.duration, y.duration, `"${x.id}" records are now kept ${words(y.duration)}, not ${words(x.duration)}`)
      else c.text([...path, 'duration'], x.duration, y.duration, `the period of retention rule "${x.id}"`)
      if (x.minimum !== y.minimum) {
        c.add('retention_minimum_changed', [...path, 'minimum'], x.minimum, y.minimum, `the minimum of "${x.id}" is now ${y.minimum ?? 'none'}, not ${x.minimum ?? 'none'}`)
      }
      c.operationalDefaults(path, x.operationalDefaults, y.operationalDefaults)
    },
  })
}

function diffRights(c: Changes, a: Policy['rights'], b: Policy['rights']): void {
  c.entities(['rights', 'types'], a.types, b.types, (x) => x.id, {
    added: (x, path) => c.add('right_added', path, undefined, x, `new right "${x.id}" (${x.name})`),
    removed: (x, path) => c.add('right_removed', path, x, undefined, `the right "${x.id}" is no longer granted`),
    both: (x, y, path) => {
      c.text([...path, 'name'], x.name, y.name, `the name of right "${x.id}"`)
      c.text([...path, 'description'], x.description, y.description, `the description of right "${x.id}"`)
    },
  })
  const deadline = compareDurations(b.deadline, a.deadline)
  if (deadline > 0) c.add('rights_deadline_extended', ['rights', 'deadline'], a.deadline, b.deadline, `requests are now answered within ${b.deadline}, not ${a.deadline}`)
  else if (deadline < 0) c.add('rights_deadline_shortened', ['rights', 'deadline'], a.deadline, b.deadline, `requests are now answered within ${b.deadline}, not ${a.deadline}`)
  else c.text(['rights', 'deadline'], a.deadline, b.deadline, 'the rights deadline')
  if (a.contact !== b.contact) c.add('contact_changed', ['rights', 'contact'], a.contact, b.contact, `rights requests now go to ${b.contact}`)
  c.text(['rights', 'jurisdictionNote'], a.jurisdictionNote, b.jurisdictionNote, 'the jurisdiction note')
}

function diffProtections(c: Changes, a: Policy, b: Policy): void {
  const [x, y] = [a.children.minimumAge, b.children.minimumAge]
  if (x !== y) c.add(y < x ? 'minimum_age_lowered' : 'minimum_age_raised', ['children', 'minimumAge'], x, y, `the minimum age is now ${y}, not ${x}`)
  c.text(['children', 'statement'], a.children.statement, b.children.statement, 'the children statement')

  const [dnt, dnt2] = [a.signals.doNotTrack, b.signals.doNotTrack]
  if (dnt.honored !== dnt2.honored) {
    c.add(dnt2.honored ? 'do_not_track_honored' : 'do_not_track_dropped', ['signals', 'doNotTrack', 'honored'], dnt.honored, dnt2.honored, dnt2.honored ? 'Do Not Track is now honored' : 'Do Not Track is no longer honored')
  }
  c.text(['signals', 'doNotTrack', 'statement'], dnt.statement, dnt2.statement, 'the Do Not Track statement')
  const [gpc, gpc2] = [a.signals.globalPrivacyControl, b.signals.globalPrivacyControl]
  if (gpc.honored !== gpc2.honored) {
    c.add(gpc2.honored ? 'gpc_honored' : 'gpc_dropped', ['signals', 'globalPrivacyControl', 'honored'], gpc.honored, gpc2.honored, gpc2.honored ? 'Global Privacy Control is now honored' : 'Global Privacy Control is no longer honored')
  }
  c.set(['signals', 'globalPrivacyControl', 'refuses'], gpc.refuses, gpc2.refuses, { added: 'gpc_refusal_added', removed: 'gpc_refusal_removed' }, (value, added) =>
    added ? `a GPC signal now refuses "${value}"` : `a GPC signal no longer refuses "${value}"`,
  )
  c.text(['signals', 'globalPrivacyControl', 'statement'], gpc.statement, gpc2.statement, 'the Global Privacy Control statement')
  c.text(['signals', 'globalPrivacyControl', 'honoredLabel'], gpc.honoredLabel, gpc2.honoredLabel, 'the label shown when a GPC signal is honored')

  c.entities(['security', 'controls'], a.security.controls, b.security.controls, (s) => s.id, {
    added: (s, path) => c.add('security_control_added', path, undefined, s, `new security control "${s.id}" (${s.name})`),
    removed: (s, path) => c.add('security_control_removed', path, s, undefined, `security control "${s.id}" removed`),
    both: (s, t, path) => {
      c.text([...path, 'name'], s.name, t.name, `the name of security control "${s.id}"`)
      c.text([...path, 'description'], s.description, t.description, `the description of security control "${s.id}"`)
    },
  })
  c.set(['security', 'frameworks'], a.security.frameworks, b.security.frameworks, { added: 'security_framework_added', removed: 'security_framework_removed' }, (value, added) =>
    added ? `safeguards now align with ${value}` : `safeguards no longer claim alignment with ${value}`,
  )
  c.text(['security', 'disclaimer'], a.security.disclaimer, b.security.disclaimer, 'the security disclaimer')
}

/**
 * Compares two policies section by section and lists every change, each classified by
 * {@link CHANGE_RULES}: whether it is material, and the semver bump the package publishing the
 * policy needs (the largest over all changes). `sellsPersonalInformation` is not compared: the
 * schema fixes it to `false`.
 *
 * Both policies should be validated ({@link parsePolicy} or {@link definePolicy}); the diff
 * reads their references as they are.
 *
 * @example
 * const { bump, material, changes } = diffPolicies(published, next)
 * for (const change of changes) console.log(`${change.bump} ${change.path}: ${change.description}`)
 * if (!bumpSatisfies(bump, changesetBump)) throw new Error(`the policy change needs a ${bump} release`)
 */
export function diffPolicies(a: Policy, b: Policy): PolicyDiff {
  const c = new Changes()
  diffMeta(c, a.meta, b.meta)
  diffDataCategories(c, a, b)
  diffPurposes(c, a, b)
  diffRecipients(c, a, b)
  diffChannels(c, a.channels, b.channels)
  diffCookies(c, a.cookies, b.cookies)
  diffRetention(c, a, b)
  diffRights(c, a.rights, b.rights)
  diffProtections(c, a, b)
  const bump = c.list.reduce<SemverBump>((max, change) => (RANK[change.bump] > RANK[max] ? change.bump : max), 'none')
  return { changes: c.list, material: c.list.some((change) => change.material), bump }
}
