import { diffPolicies, type PolicyChange, type PolicyChangeKind } from '../diff.js'
import type { Policy } from '../policy.js'
import { escapeHtml } from './escape-html.js'
import { escapeMarkdown } from './markdown.js'
import { dateWords, durationWords } from './words.js'

/**
 * One change, said for the people the policy is about.
 *
 * @example const item: ChangeSummaryItem = summary.changes[0]! // { kind: 'recipient_category_added', material: true, sentence: '...' }
 */
export interface ChangeSummaryItem {
  readonly kind: PolicyChangeKind
  /** Whether the change is material ({@link CHANGE_RULES}): it needs announcing. */
  readonly material: boolean
  /** Where in the policy, as {@link diffPolicies} reports it (`recipients.employer.categories`). */
  readonly path: string
  /** One plain sentence, in the second person, ending with a full stop. */
  readonly sentence: string
}

/**
 * What {@link summarizePolicyChange} returns: the same summary as plain text, Markdown and an
 * HTML fragment, with the items it was made from.
 *
 * @example const { material, text, markdown, html, changes }: ChangeSummary = summarizePolicyChange(from, to)
 */
export interface ChangeSummary {
  /** Whether any change is material: announce it, and ask for consent again. */
  readonly material: boolean
  readonly fromVersion: string
  readonly toVersion: string
  /** The new version's effective date (`YYYY-MM-DD`). */
  readonly effectiveDate: string
  /** One line, e.g. "Our privacy policy changes on March 1, 2027 (version 2.0.0): 2 changes that affect you." */
  readonly headline: string
  /** Plain text: the headline, then one "- " line per change, material ones first. */
  readonly text: string
  /** GitHub-flavoured Markdown, every character that could start markup escaped. */
  readonly markdown: string
  /** An HTML fragment (a `<section>`, no document or style), all text escaped: embed it in a page or an email. */
  readonly html: string
  /** Every change worth telling people, material ones first. Release stamps, list order and operational-default markers are left out; rewording is one item. */
  readonly changes: readonly ChangeSummaryItem[]
}

type Names = (section: 'dataCategories' | 'purposes' | 'recipients' | 'retention' | 'cookieCategories' | 'rights', id: string) => string

interface Ctx {
  readonly change: PolicyChange
  /** The entity id in the change's path (`analytics` in `purposes.analytics.categories`). */
  readonly id: string
  readonly name: Names
  readonly before: unknown
  readonly after: unknown
}

const str = (value: unknown): string => (typeof value === 'string' ? value : JSON.stringify(value))
const field = (value: unknown, key: string): string => str((value as Record<string, unknown> | undefined)?.[key])
const period = (value: unknown): string => (value === undefined || value === null ? 'with no fixed end' : `for ${durationWords(str(value))}`)
const lifetime = (value: unknown): string => (value === 'session' ? 'until you close your browser' : durationWords(str(value)))

const BASIS_WORDS: Record<string, string> = {
  consent: 'your consent',
  legitimate_interest: 'our legitimate interest',
  contract: 'our contract with you',
  legal_obligation: 'a legal obligation',
}
const SOURCE_WORDS: Record<string, string> = { user: 'you', employer: 'your employer', automatic: 'automatically, when you use our services' }
const KIND_WORDS: Record<string, string> = {
  service_provider: 'a service provider working for us',
  employer: 'your employer',
  authority: 'an authority',
  business_transfer: 'a party to a business transfer',
}
const basis = (value: unknown): string => BASIS_WORDS[str(value)] ?? str(value)

/**
 * The sentence for every kind of change. A `Record` over every kind, so a new kind in
 * `CHANGE_RULES` does not compile until it is worded here. `null`: not worth telling.
 */
const SENTENCES: Record<PolicyChangeKind, (c: Ctx) => string | null> = {
  controller_changed: (c) => `${str(c.after)} is now responsible for your personal data, in place of ${str(c.before)}.`,
  data_category_added: (c) => `We now collect a new kind of personal data: ${field(c.after, 'name')}.`,
  data_category_example_added: (c) => `${c.name('dataCategories', c.id)} now includes ${str(c.after)}.`,
  data_category_source_added: (c) => `We now also collect ${c.name('dataCategories', c.id)} from ${SOURCE_WORDS[str(c.after)] ?? str(c.after)}.`,
  data_category_sensitivity_lowered: (c) => `We now treat ${c.name('dataCategories', c.id)} as less sensitive (${str(c.after)}, not ${str(c.before)}).`,
  data_category_retention_extended: (c) => `We may keep ${c.name('dataCategories', c.id)} longer: it now follows our "${c.name('retention', str(c.after))}" keeping rule.`,
  purpose_added: (c) => `We now use personal data for a new purpose: ${field(c.after, 'name')}, based on ${basis((c.after as Record<string, unknown>).basis)}.`,
  purpose_category_added: (c) => `We may now use ${c.name('dataCategories', str(c.after))} for ${c.name('purposes', c.id)}.`,
  purpose_basis_weakened: (c) => `${c.name('purposes', c.id)} now rests on ${basis(c.after)}, not ${basis(c.before)}, which leaves you less say over it.`,
  purpose_objection_removed: (c) => `You can no longer object to ${c.name('purposes', c.id)}.`,
  recipient_added: (c) => `We now share personal data with ${field(c.after, 'name')} (${KIND_WORDS[field(c.after, 'kind')] ?? field(c.after, 'kind')}).`,
  recipient_category_added: (c) => `${c.name('recipients', c.id)} now receives ${c.name('dataCategories', str(c.after))}.`,
  recipient_purpose_added: (c) => `${c.name('recipients', c.id)} now receives personal data for ${c.name('purposes', str(c.after))}.`,
  recipient_kind_changed: (c) => `${c.name('recipients', c.id)} is now ${KIND_WORDS[str(c.after)] ?? str(c.after)}, not ${KIND_WORDS[str(c.before)] ?? str(c.before)}.`,
  recipient_scope_removed: (c) => `What ${c.name('recipients', c.id)} receives is no longer limited to ${str(c.before)}.`,
  channel_purpose_changed: (c) => `Our ${c.change.path.startsWith('channels.sms') ? 'text messages' : 'emails'} now serve ${c.name('purposes', str(c.after))}, not ${c.name('purposes', str(c.before))}.`,
  sms_provider_changed: (c) => `Our text messages are now delivered by ${c.name('recipients', str(c.after))}, not ${c.name('recipients', str(c.before))}.`,
  enrollment_by_first_inbound_added: () => 'Sending us a first text message now signs you up for our text messages.',
  sms_opt_out_keyword_removed: (c) => `Replying ${str(c.before)} no longer stops our text messages.`,
  cookie_category_added: (c) => `We added a new kind of cookie, ${field(c.after, 'name')}; we will ask for your choice again.`,
  cookie_category_required_changed: (c) =>
    c.after === true
      ? `${c.name('cookieCategories', c.id)} cookies are now strictly necessary: you can no longer refuse them.`
      : `${c.name('cookieCategories', c.id)} cookies now need your consent; we will ask for your choice.`,
  cookie_category_purpose_added: (c) => `Accepting ${c.name('cookieCategories', c.id)} cookies now also allows ${c.name('purposes', str(c.after))}.`,
  cookie_category_signal_added: (c) => `Accepting ${c.name('cookieCategories', c.id)} cookies now also grants the ${str(c.after)} signal to advertising and analytics tags.`,
  cookie_recategorized: (c) => `A cookie moves from ${c.name('cookieCategories', str(c.before))} to ${c.name('cookieCategories', str(c.after))}, so a different choice of yours now governs it (${c.change.description}).`,
  cookie_made_third_party: (c) => `A cookie is now set by a third party, not by us (${c.change.description}).`,
  third_party_cookie_provider_changed: (c) => `A cookie is now set by ${str(c.after)}, not ${str(c.before)}.`,
  cookie_category_host_removed: (c) => `Our site no longer holds back requests to ${str(c.before)} until you accept ${c.name('cookieCategories', c.id)} cookies.`,
  consent_mode_advanced: () => 'Google tags now load before you choose, with every signal denied until you accept: they send Google cookieless pings in the meantime.',
  shared_domain_added: (c) => `Your cookie choice now also applies on ${str(c.after)} and its sub-domains.`,
  cookie_lifetime_extended: (c) => `A cookie now stays on your device for ${lifetime(c.after)}, not ${lifetime(c.before)} (${c.change.description}).`,
  retention_extended: (c) => `We now keep records under our "${c.name('retention', c.id)}" rule ${period(c.after)}, not ${period(c.before)}.`,
  retention_minimum_changed: (c) =>
    c.after === undefined || c.after === null
      ? `Records under our "${c.name('retention', c.id)}" rule no longer have a minimum keeping period.`
      : `Records under our "${c.name('retention', c.id)}" rule must now be kept at least ${durationWords(str(c.after))}${c.before === undefined || c.before === null ? '' : `, not ${durationWords(str(c.before))}`}, even if you ask us to delete them.`,
  right_removed: (c) => `You no longer have the right of ${field(c.before, 'name')} under this policy.`,
  rights_deadline_extended: (c) => `We may now take up to ${durationWords(str(c.after))} to answer a request about your data, not ${durationWords(str(c.before))}.`,
  minimum_age_lowered: (c) => `We may now collect personal data from people aged ${str(c.after)} and over, not ${str(c.before)}.`,
  do_not_track_dropped: () => 'We no longer honor the Do Not Track signal your browser may send.',
  gpc_dropped: () => 'We no longer honor the Global Privacy Control signal your browser may send.',
  gpc_refusal_removed: (c) => `A Global Privacy Control signal no longer refuses ${c.name('cookieCategories', str(c.before))} cookies for you.`,
  security_control_removed: (c) => `We no longer describe the safeguard "${field(c.before, 'name')}".`,
  security_framework_removed: (c) => `We no longer say our safeguards align with ${str(c.before)}.`,
  change_announcement_removed: (c) => `We will no longer announce material changes by ${str(c.before)}.`,
  data_category_removed: (c) => `We no longer collect ${field(c.before, 'name')}.`,
  purpose_removed: (c) => `We no longer use personal data for ${field(c.before, 'name')}.`,
  recipient_removed: (c) => `We no longer share personal data with ${field(c.before, 'name')}.`,
  cookie_category_removed: (c) => `We no longer use ${field(c.before, 'name')} cookies.`,
  retention_rule_removed: (c) => `Our "${field(c.before, 'name')}" keeping rule is gone.`,
  scope_extended: (c) => `This policy now also covers ${str(c.after)}.`,
  scope_narrowed: (c) => `This policy no longer covers ${str(c.before)}.`,
  contact_changed: (c) => `A way to reach us changed: ${c.change.path.endsWith('phone') || c.change.path.includes('sms') ? 'the number' : 'the address'} is now ${str(c.after)}.`,
  change_announcement_added: (c) => `We will also announce material changes by ${str(c.after)}.`,
  data_category_example_removed: (c) => `${c.name('dataCategories', c.id)} no longer includes ${str(c.before)}.`,
  data_category_source_removed: (c) => `We no longer collect ${c.name('dataCategories', c.id)} from ${SOURCE_WORDS[str(c.before)] ?? str(c.before)}.`,
  data_category_sensitivity_raised: (c) => `We now treat ${c.name('dataCategories', c.id)} as more sensitive (${str(c.after)}).`,
  data_category_retention_reassigned: (c) => `${c.name('dataCategories', c.id)} now follows our "${c.name('retention', str(c.after))}" keeping rule, which keeps it no longer.`,
  purpose_category_removed: (c) => `We no longer use ${c.name('dataCategories', str(c.before))} for ${c.name('purposes', c.id)}.`,
  purpose_basis_strengthened: (c) => `${c.name('purposes', c.id)} now rests on ${basis(c.after)}, not ${basis(c.before)}, which gives you more say over it.`,
  purpose_objection_added: (c) => `You can now object to ${c.name('purposes', c.id)}.`,
  recipient_category_removed: (c) => `${c.name('recipients', c.id)} no longer receives ${c.name('dataCategories', str(c.before))}.`,
  recipient_purpose_removed: (c) => `${c.name('recipients', c.id)} no longer receives personal data for ${c.name('purposes', str(c.before))}.`,
  recipient_example_added: (c) => `We now name ${str(c.after)} as an example of ${c.name('recipients', c.id)}.`,
  recipient_example_removed: (c) => `We no longer name ${str(c.before)} as an example of ${c.name('recipients', c.id)}.`,
  recipient_scope_added: (c) => `What ${c.name('recipients', c.id)} receives is now limited to ${str(c.after)}.`,
  enrollment_method_added: (c) => `There is a new way to sign up for our text messages: ${field(c.after, 'name')}.`,
  enrollment_method_removed: (c) => `You can no longer sign up for our text messages by ${field(c.before, 'name')}.`,
  enrollment_by_first_inbound_removed: () => 'Sending us a first text message no longer signs you up for our text messages.',
  sms_keyword_added: (c) => `You can now reply ${str(c.after)} to our text messages.`,
  sms_keyword_removed: (c) => `Replying ${str(c.before)} to our text messages no longer does anything.`,
  cookie_category_purpose_removed: (c) => `Accepting ${c.name('cookieCategories', c.id)} cookies no longer allows ${c.name('purposes', str(c.before))}.`,
  cookie_category_signal_removed: (c) => `Accepting ${c.name('cookieCategories', c.id)} cookies no longer grants the ${str(c.before)} signal.`,
  cookie_declared: (c) => `We list a new ${field(c.after, 'party')}-party cookie set by ${field(c.after, 'provider')}, under ${c.name('cookieCategories', field(c.after, 'category'))}.`,
  cookie_removed: (c) => `A cookie set by ${field(c.before, 'provider')} is no longer used.`,
  cookie_made_first_party: () => 'A cookie that a third party set is now set by us.',
  cookie_category_host_added: (c) => `Our site now holds back requests to ${str(c.after)} until you accept ${c.name('cookieCategories', c.id)} cookies.`,
  consent_mode_basic: () => 'Google tags now wait until you accept before they load.',
  shared_domain_removed: (c) => `Your cookie choice no longer applies on ${str(c.before)}.`,
  held_requests_changed: (c) => (c.after === 'drop' ? 'Requests held back before you choose are now dropped if you refuse.' : 'Requests held back before you choose are now kept, and sent only if you accept later.'),
  cookie_lifetime_shortened: (c) => `A cookie now stays on your device for ${lifetime(c.after)}, not ${lifetime(c.before)}.`,
  retention_rule_added: (c) => `We added a keeping rule: "${field(c.after, 'name')}".`,
  retention_shortened: (c) => `We now keep records under our "${c.name('retention', c.id)}" rule ${period(c.after)}, not ${period(c.before)}.`,
  retention_kind_changed: (c) => `Our "${c.name('retention', c.id)}" keeping rule works differently now.`,
  right_added: (c) => `You have a new right: ${field(c.after, 'name')}.`,
  rights_deadline_shortened: (c) => `We now answer a request about your data within ${durationWords(str(c.after))}, not ${durationWords(str(c.before))}.`,
  minimum_age_raised: (c) => `You now need to be at least ${str(c.after)} to use our services.`,
  do_not_track_honored: () => 'We now honor the Do Not Track signal your browser may send.',
  gpc_honored: () => 'We now honor the Global Privacy Control signal your browser may send.',
  gpc_refusal_added: (c) => `A Global Privacy Control signal now also refuses ${c.name('cookieCategories', str(c.after))} cookies for you.`,
  security_control_added: (c) => `We describe a new safeguard: ${field(c.after, 'name')}.`,
  security_framework_added: (c) => `We now say our safeguards align with ${str(c.after)}.`,
  // Folded into one item (rewording), or not worth telling (release stamps, order, markers).
  wording_changed: () => null,
  order_changed: () => null,
  operational_defaults_changed: () => null,
  release_stamp_changed: () => null,
}

const SEGMENT = /\.?([A-Za-z_][A-Za-z0-9_]*)|\[(\d+)\]|\[("(?:[^"\\]|\\.)*")\]/g

/** The second segment of a diff path: the entity id under its section. */
function entityId(path: string): string {
  const segments = [...path.matchAll(SEGMENT)].map((m) => m[1] ?? m[2] ?? (JSON.parse(m[3] ?? '""') as string))
  return segments[0] === 'cookies' || segments[0] === 'rights' ? (segments[2] ?? '') : (segments[1] ?? '')
}

function namesOf(from: Policy, to: Policy): Names {
  const table = new Map<string, string>()
  for (const policy of [from, to]) {
    const sections = {
      dataCategories: policy.dataCategories,
      purposes: policy.purposes,
      recipients: policy.recipients,
      retention: policy.retention,
      cookieCategories: policy.cookies.categories,
      rights: policy.rights.types,
    }
    for (const [section, list] of Object.entries(sections)) for (const entity of list) table.set(`${section}:${entity.id}`, entity.name)
  }
  // The newer name wins, since `to` is read last; an unknown id is shown as it is. Category names
  // are common nouns ("usage data"), so they go in lower case mid-sentence.
  return (section, id) => {
    const name = table.get(`${section}:${id}`) ?? id
    if (section === 'dataCategories') return name.toLowerCase()
    // A purpose's name is often a phrase ("Deliver, maintain, and improve the Services"): quoted, it reads inside a sentence.
    return section === 'purposes' ? `"${name}"` : name
  }
}

const capitalize = (sentence: string): string => sentence.charAt(0).toUpperCase() + sentence.slice(1)

/**
 * A plain-language summary of what changed between two versions of a policy, written for the
 * people the policy is about (not a developer's diff): "We now share personal data with ...",
 * "You can no longer object to ...". Made from {@link diffPolicies}, so it lists the same changes
 * and the same `material` verdict; material changes come first. Names are the policies' own
 * (a category's or recipient's `name`, not its id). Release stamps, list order and
 * operational-default markers are left out; all rewording becomes one item, since rewording may
 * still change meaning and deserves a reading.
 *
 * The output is deterministic and needs no I/O: the same pair of policies gives the same bytes,
 * so a page, a banner and an email can each render it and agree.
 *
 * @example
 * import { onmionPolicy } from '@onmion/privacy-policy'
 * const next = parsePolicy({ ...draft })
 * const summary = summarizePolicyChange(onmionPolicy, next)
 * if (summary.material) await sendAnnouncement({ subject: summary.headline, text: summary.text, html: summary.html })
 */
export function summarizePolicyChange(from: Policy, to: Policy): ChangeSummary {
  const diff = diffPolicies(from, to)
  const name = namesOf(from, to)
  const items: ChangeSummaryItem[] = []
  const reworded = new Set<string>()
  for (const change of diff.changes) {
    if (change.kind === 'wording_changed') {
      reworded.add(change.path.split(/[.[]/)[0] ?? change.path)
      continue
    }
    const sentence = SENTENCES[change.kind]({ change, id: entityId(change.path), name, before: change.before, after: change.after })
    if (sentence !== null) items.push({ kind: change.kind, material: change.material, path: change.path, sentence: capitalize(sentence) })
  }
  if (reworded.size > 0) {
    const sections = [...reworded].map((s) => SECTION_WORDS[s] ?? s)
    items.push({ kind: 'wording_changed', material: false, path: [...reworded].join(', '), sentence: `We reworded parts of the policy (${sections.join(', ')}); please read them again.` })
  }
  const changes = [...items.filter((i) => i.material), ...items.filter((i) => !i.material)]
  const materialCount = changes.filter((i) => i.material).length
  const when = dateWords(to.meta.effectiveDate)
  const headline =
    changes.length === 0
      ? `Our privacy policy (version ${to.meta.version}, effective ${when}) says the same as before.`
      : materialCount > 0
        ? `Our privacy policy changes on ${when} (version ${to.meta.version}): ${String(materialCount)} ${materialCount === 1 ? 'change' : 'changes'} that affect${materialCount === 1 ? 's' : ''} you.`
        : `Our privacy policy changes on ${when} (version ${to.meta.version}); nothing in it affects what we do with your data.`
  const material = changes.filter((i) => i.material)
  const other = changes.filter((i) => !i.material)
  const groups = [
    { title: 'What changes for you', items: material },
    { title: 'Other changes', items: other },
  ].filter((g) => g.items.length > 0)

  const text = [headline, ...groups.flatMap((g) => ['', `${g.title}:`, ...g.items.map((i) => `- ${i.sentence}`)])].join('\n') + '\n'
  const markdown =
    [escapeMarkdown(headline), ...groups.flatMap((g) => ['', `### ${escapeMarkdown(g.title)}`, '', ...g.items.map((i) => `- ${escapeMarkdown(i.sentence)}`)])].join('\n') + '\n'
  const html = [
    `<section class="policy-change" data-from="${escapeHtml(from.meta.version)}" data-to="${escapeHtml(to.meta.version)}" data-material="${String(diff.material)}">`,
    `<p>${escapeHtml(headline)}</p>`,
    ...groups.flatMap((g) => [`<h3>${escapeHtml(g.title)}</h3>`, '<ul>', ...g.items.map((i) => `<li>${escapeHtml(i.sentence)}</li>`), '</ul>']),
    '</section>',
  ].join('\n')
  return { material: diff.material, fromVersion: from.meta.version, toVersion: to.meta.version, effectiveDate: to.meta.effectiveDate, headline, text, markdown, html, changes }
}

const SECTION_WORDS: Record<string, string> = {
  meta: 'about this policy',
  dataCategories: 'the data we collect',
  purposes: 'how we use it',
  recipients: 'who receives it',
  channels: 'email and text messages',
  cookies: 'cookies',
  retention: 'how long we keep it',
  rights: 'your rights',
  children: 'children',
  signals: 'browser signals',
  security: 'security',
}
