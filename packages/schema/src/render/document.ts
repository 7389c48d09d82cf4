import type { DataSource } from '../model/data-category.js'
import type { LegalBasis } from '../model/purpose.js'
import type { RecipientKind } from '../model/recipient.js'
import type { RetentionRule } from '../model/retention-rule.js'
import type { Policy } from '../policy.js'
import { renderDataFlowSvg } from './data-flow-svg.js'
import { dateWords, durationWords, joinWords, phoneWords } from './words.js'

/** A run of text; `note` marks an operational default. */
export interface Span {
  readonly text: string
  readonly strong?: boolean
  readonly code?: boolean
  readonly note?: boolean
}
export type Inline = string | Span

/** The format-neutral shape of the rendered policy; markdown.ts and html.ts print it. */
export type Block =
  | { readonly type: 'heading'; readonly level: 1 | 2 | 3; readonly text: string; readonly id: string }
  | { readonly type: 'paragraph'; readonly content: readonly Inline[] }
  | { readonly type: 'list'; readonly items: readonly (readonly Inline[])[] }
  | { readonly type: 'quote'; readonly content: readonly Inline[] }
  | { readonly type: 'table'; readonly caption: string; readonly head: readonly string[]; readonly rows: readonly (readonly (readonly Inline[])[])[] }
  /** The data-flow diagram: inline SVG in HTML; in Markdown an image linking `href`, or nothing without one. */
  | { readonly type: 'figure'; readonly caption: string; readonly svg: string; readonly href?: string }

/** The anchor of the note that explains the operational-default mark. */
export const NOTE_ID = 'operational-defaults'

const BASIS: Record<LegalBasis, string> = {
  contract: 'performance of our contract with you',
  consent: 'your consent',
  legitimate_interest: 'our legitimate interests',
  legal_obligation: 'a legal obligation',
}
const SOURCE: Record<DataSource, string> = { user: 'provided by you', employer: 'provided by your employer', automatic: 'collected automatically' }
const KIND: Record<RecipientKind, string> = {
  service_provider: 'Service providers',
  employer: 'Your employer or organization',
  authority: 'Regulators, carriers, or law enforcement',
  business_transfer: 'Business transfers',
}
const RETENTION_KIND: Record<RetentionRule['kind'], string> = { fixed: 'Fixed period', minimum: 'Minimum period', purpose_bound: 'While needed for its purposes' }

const strong = (text: string): Span => ({ text, strong: true })
const code = (text: string): Span => ({ text, code: true })
const slug = (text: string): string =>
  text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')

/** A field's value, marked when the entity lists the field among its operational defaults. */
function field(entity: { operationalDefaults: readonly string[] }, name: string, text: string): Span {
  return entity.operationalDefaults.includes(name) ? { text, note: true } : { text }
}

function sourcesWords(sources: readonly DataSource[]): string {
  const words = sources.map((source) => SOURCE[source])
  // "provided by you or your employer", as the seed puts it.
  if (sources.includes('user') && sources.includes('employer')) {
    const rest = sources.filter((s) => s !== 'user' && s !== 'employer').map((s) => SOURCE[s])
    return joinWords(['provided by you or your employer', ...rest], 'or')
  }
  return joinWords(words, 'or')
}

/** Builds the policy as blocks, section by section in the seed's order. */
export function policyDocument(policy: Policy, dataFlowHref?: string): Block[] {
  const blocks: Block[] = []
  // Anchors must be unique in the page; the note's anchor is taken from the start.
  const used = new Set<string>([NOTE_ID])
  const heading = (level: 1 | 2 | 3, text: string): void => {
    let id = slug(text) || 'section'
    for (let n = 2; used.has(id); n++) id = `${slug(text) || 'section'}-${String(n)}`
    used.add(id)
    blocks.push({ type: 'heading', level, text, id })
  }
  const paragraph = (...content: Inline[]): void => {
    blocks.push({ type: 'paragraph', content })
  }
  const list = (items: Inline[][]): void => {
    if (items.length > 0) blocks.push({ type: 'list', items })
  }
  const categoryName = new Map(policy.dataCategories.map((c) => [c.id, c.name]))
  const purposeName = new Map(policy.purposes.map((p) => [p.id, p.name]))
  const names = (ids: readonly string[], from: Map<string, string>): string => joinWords(ids.map((id) => from.get(id) ?? id))
  const { meta } = policy

  heading(1, meta.title)
  paragraph('Version ', meta.version, '. Effective date: ', field(meta, 'effectiveDate', dateWords(meta.effectiveDate)), '.')

  heading(2, '1. Scope')
  paragraph(`This Privacy Policy explains how ${meta.controller} collects, uses, discloses, and safeguards information when you:`)
  list([
    [`visit ${joinWords(meta.scope.sites, 'or')}, or any sub-domain we operate (collectively, the “Site”);`],
    [`use ${joinWords(meta.scope.services)} (the “Services”); or`],
    [`interact with us via ${joinWords(meta.scope.channels, 'or')}.`],
  ])

  heading(2, '2. Information we collect')
  list(
    policy.dataCategories.map((c) => {
      const rule = policy.retention.find((r) => r.id === c.retention)
      return [
        { ...field(c, 'name', c.name), strong: true },
        ' – ',
        field(c, 'examples', c.examples.join(', ')),
        ' (',
        field(c, 'sources', sourcesWords(c.sources)),
        '). ',
        field(c, 'description', c.description),
        ` Kept under: ${rule?.name ?? c.retention} (see section 7).`,
      ]
    }),
  )
  paragraph(policy.children.statement)

  heading(2, '3. How we use information')
  list(
    policy.purposes.map((p) => [
      { ...field(p, 'name', p.name), strong: true },
      ' – ',
      field(p, 'description', p.description),
      ' Legal basis: ',
      field(p, 'basis', BASIS[p.basis]),
      '. Information used: ',
      field(p, 'categories', names(p.categories, categoryName)),
      '.',
      ...(p.objectable ? [' You may object to this use (see section 9).'] : []),
    ]),
  )
  blocks.push({
    type: 'figure',
    caption: 'How personal data flows: each category of data (and how long it is kept), the purposes that use it, and the recipients that receive it.',
    svg: renderDataFlowSvg(policy),
    ...(dataFlowHref === undefined ? {} : { href: dataFlowHref }),
  })

  const sms = policy.channels.sms
  const provider = policy.recipients.find((r) => r.id === sms.provider)
  const [stop = 'STOP', ...otherStops] = sms.keywords.optOut
  const [help = 'HELP', ...otherHelps] = sms.keywords.help
  const [start = 'START', ...otherStarts] = sms.keywords.optIn
  heading(2, '4. SMS text messaging')
  paragraph(
    `${sms.programName} text messages are sent for: ${purposeName.get(sms.purpose) ?? sms.purpose}.`,
    provider ? ` Delivered by: ${provider.name}${provider.examples.length > 0 ? ` (e.g., ${provider.examples.join(', ')})` : ''}.` : '',
  )
  paragraph(strong('Enrollment methods:'), ` ${joinWords(sms.enrollmentMethods.map((m) => m.name.toLowerCase()), 'or')}.`)
  list(sms.enrollmentMethods.map((m) => [strong(m.name), ' – ', m.description, m.enrollsOnFirstInbound ? ' Your first text enrolls you.' : '']))
  paragraph(strong('Opt-out:'), ` Reply ${stop} to any message to cancel.`, otherStops.length > 0 ? ` We also accept ${joinWords(otherStops, 'or')}.` : '')
  paragraph(
    strong('Help:'),
    ` Reply ${help}${otherHelps.length > 0 ? ` (or ${joinWords(otherHelps, 'or')})` : ''} or contact ${sms.supportEmail} or ${phoneWords(sms.supportPhone)}.`,
  )
  paragraph(strong('Opt back in:'), ` Reply ${start}${otherStarts.length > 0 ? ` (or ${joinWords(otherStarts, 'or')})` : ''}.`)
  paragraph(`${sms.frequency} ${sms.rates} ${sms.carrierDisclaimer}`)
  paragraph('The messages we send in reply:')
  list([
    [strong('Help:'), ` “${sms.texts.help}”`],
    [strong('Opt-out confirmation:'), ` “${sms.texts.optOutConfirmation}”`],
    [strong('Opt-in confirmation:'), ` “${sms.texts.optInConfirmation}”`],
  ])
  paragraph(strong('Email:'), ` ${policy.channels.email.description} Purpose: ${purposeName.get(policy.channels.email.purpose) ?? policy.channels.email.purpose}.`)

  heading(2, '5. Sharing and disclosure')
  // The schema fixes sellsPersonalInformation to false, so there is no other sentence to write.
  paragraph('We do NOT sell personal information. We share only as necessary:')
  for (const kind of Object.keys(KIND) as RecipientKind[]) {
    const recipients = policy.recipients.filter((r) => r.kind === kind)
    if (recipients.length === 0) continue
    heading(3, KIND[kind])
    list(
      recipients.map((r) => [
        { ...field(r, 'name', r.name), strong: true },
        r.examples.length > 0 ? ` (e.g., ${r.examples.join(', ')})` : '',
        ' – ',
        field(r, 'description', r.description),
        ...(r.scope === undefined ? [] : [' Limited to: ', field(r, 'scope', r.scope)]),
        ' Receives: ',
        field(r, 'categories', names(r.categories, categoryName)),
        '; for: ',
        field(r, 'purposes', names(r.purposes, purposeName)),
        '.',
      ]),
    )
  }

  const cookies = policy.cookies
  const parties = new Set(cookies.declared.map((c) => c.party))
  const categoryOfCookie = new Map(cookies.categories.map((c) => [c.id, c.name]))
  heading(2, '6. Cookies and tracking')
  if (parties.size > 0) paragraph(`We use ${parties.size === 2 ? 'first- and third-party' : `${[...parties].join('')}-party`} cookies, in these categories:`)
  list(
    cookies.categories.map((c) => [
      strong(c.name),
      c.required ? ' (always active)' : ' (only with your consent)',
      ' – ',
      c.description,
      ` Purposes: ${names(c.purposes, purposeName)}.`,
      ...(c.consentMode.length > 0 ? [' Google Consent Mode signals: ', ...c.consentMode.flatMap((s, i) => (i === 0 ? [code(s)] : [', ', code(s)])), '.'] : []),
    ]),
  )
  if (cookies.declared.length > 0) {
    blocks.push({
      type: 'table',
      caption: 'Cookies we use',
      head: ['Cookie', 'Category', 'Party', 'Provider', 'Lifetime', 'Purpose'],
      rows: cookies.declared.map((c) => [
        c.name === undefined ? [{ ...field(c, 'pattern', c.pattern ?? ''), code: true }, ' (pattern)'] : [{ ...field(c, 'name', c.name), code: true }],
        [categoryOfCookie.get(c.category) ?? c.category],
        [field(c, 'party', c.party === 'first' ? 'First party' : 'Third party')],
        [field(c, 'provider', c.provider)],
        [field(c, 'lifetime', c.lifetime === 'session' ? 'Session' : durationWords(c.lifetime))],
        [field(c, 'purpose', c.purpose)],
      ]),
    })
  }
  paragraph(cookies.browserControls)
  heading(3, 'Cookie banner')
  paragraph('Our cookie banner reads:')
  blocks.push({ type: 'quote', content: [cookies.banner.text] })
  paragraph(`Its buttons: ${joinWords([cookies.banner.acceptLabel, cookies.banner.rejectLabel, cookies.banner.preferencesLabel].map((l) => `“${l}”`))}.`)

  heading(2, '7. Data retention')
  paragraph(
    'We retain information only as long as needed for the purposes in section 3 or as legally required. A minimum period is a floor: those records are not deleted before it ends, even on request.',
  )
  blocks.push({
    type: 'table',
    caption: 'How long we keep records',
    head: ['Records', 'Rule', 'Kept for', 'Kept at least', 'Why', 'Information'],
    rows: policy.retention.map((r) => {
      const users = policy.dataCategories.filter((c) => c.retention === r.id).map((c) => c.name)
      return [
        [r.name],
        [RETENTION_KIND[r.kind]],
        [r.duration === undefined ? '—' : field(r, 'duration', durationWords(r.duration))],
        [r.minimum === undefined ? '—' : field(r, 'minimum', durationWords(r.minimum))],
        [field(r, 'description', r.description), ...(r.reason === undefined ? [] : [' ', field(r, 'reason', r.reason)])],
        [users.length === 0 ? '—' : joinWords(users)],
      ]
    }),
  })

  heading(2, '8. Security')
  paragraph('We employ:')
  list(policy.security.controls.map((s) => [strong(s.name), ' – ', s.description]))
  paragraph(policy.security.disclaimer)
  if (policy.security.frameworks.length > 0) paragraph(`Frameworks: ${joinWords(policy.security.frameworks)}.`)

  const rights = policy.rights
  heading(2, '9. Your rights')
  paragraph(rights.jurisdictionNote)
  list(rights.types.map((r) => [strong(r.name), ' – ', r.description]))
  paragraph(`Submit requests to ${rights.contact}; we respond within ${durationWords(rights.deadline)}.`)

  const { doNotTrack, globalPrivacyControl: gpc } = policy.signals
  heading(2, '10. Do Not Track and Global Privacy Control')
  paragraph(strong('Do Not Track:'), ` ${doNotTrack.statement}`)
  paragraph(
    strong('Global Privacy Control:'),
    ` ${gpc.statement}`,
    gpc.honored && gpc.refuses.length > 0 ? ` A signal refuses: ${names(gpc.refuses, categoryOfCookie)} cookies.` : '',
    gpc.honored ? '' : ' We do not act on the signal.',
  )

  heading(2, '11. Changes')
  paragraph(meta.changes.description)
  const via = meta.changes.announcedVia.map((v) => (v === 'site' ? 'on the Site' : 'by email'))
  paragraph(`Material changes are announced ${joinWords(via)}. This is version ${meta.version}, effective `, field(meta, 'effectiveDate', dateWords(meta.effectiveDate)), '.')

  heading(2, '12. Contact us')
  list([
    [strong(meta.controller)],
    [`Privacy requests: ${meta.contact.privacy}`],
    [`Support: ${meta.contact.support}`],
    [`Phone: ${phoneWords(meta.contact.phone)}`],
  ])
  return blocks
}

/** Whether any span of the document carries the operational-default mark. */
export function hasNotes(blocks: readonly Block[]): boolean {
  const marked = (content: readonly Inline[]): boolean => content.some((part) => typeof part !== 'string' && part.note === true)
  return blocks.some((block) => {
    switch (block.type) {
      case 'paragraph':
      case 'quote':
        return marked(block.content)
      case 'list':
        return block.items.some(marked)
      case 'table':
        return block.rows.some((row) => row.some(marked))
      case 'heading':
        return false
    }
  })
}

/**
 * The note the mark points to. It says what `diffPolicies` does: an operational default is judged
 * like any other value (the page shows it to people), so a longer period is material.
 */
export const NOTE_TEXT =
  'Operational default: the policy leaves this value open, and this is the value used in operation. It changes only with a new version of this policy; a change that keeps data or cookies longer is a material change.'
