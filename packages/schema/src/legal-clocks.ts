import type { ClockPeriod, ResponseClock, ResponseClocks } from './model/response-clock.js'

const US_FEDERAL = 'us_federal'
const days = (amount: number): ClockPeriod => ({ amount, unit: 'calendar_days' })
// The common shape of the US state laws: an answer within 45 days (Iowa: 90), one 45-day extension.
const usState = (id: string, law: string, code: string, inForceFrom: string, citation: string, url: string, respond = 45): ResponseClock => ({
  id,
  law,
  jurisdictions: [code],
  respond: days(respond),
  extension: days(45),
  inForceFrom,
  source: { citation, url },
})

/**
 * The response clocks of the privacy laws in force in 2026, as data: the GDPR, the CCPA (its
 * acknowledgement, its answer, and its 15-business-day clock for opting out of sale or sharing),
 * the comprehensive US state laws with a response clock, and the LGPD's 15 days for a full
 * access statement, with the US federal holiday calendar their business days need. Each clock
 * cites the provision it encodes; `docs/response-clocks.md` lists them with the reading taken.
 *
 * Facts of law, the same for every business: a business's own promise (`policy.rights.deadline`)
 * is applied on top of them by {@link requestDueDates}. Validated by {@link ResponseClocks} in
 * this package's tests; review it when a law changes, as any other data.
 *
 * @example requestDueDates({ receivedAt, kind: 'access', promise: 'P30D', ...LEGAL_CLOCKS })
 */
export const LEGAL_CLOCKS: ResponseClocks = {
  clocks: [
    {
      id: 'gdpr',
      law: 'EU General Data Protection Regulation (and the UK GDPR)',
      jurisdictions: ['EEA', 'GB'],
      respond: { amount: 1, unit: 'calendar_months' },
      extension: { amount: 2, unit: 'calendar_months' },
      inForceFrom: '2018-05-25',
      source: { citation: 'GDPR Art. 12(3); months counted per Regulation (EEC, Euratom) No 1182/71 Art. 3(2)(c)', url: 'https://eur-lex.europa.eu/eli/reg/2016/679/oj' },
    },
    {
      id: 'ccpa',
      law: 'California Consumer Privacy Act (requests to know, delete and correct)',
      jurisdictions: ['US-CA'],
      // Know (access, portability), delete and correct; the CCPA grants no restriction or objection right.
      appliesTo: ['access', 'portability', 'erasure', 'rectification'],
      acknowledge: { amount: 10, unit: 'business_days' },
      respond: days(45),
      extension: days(45),
      holidays: US_FEDERAL,
      inForceFrom: '2020-01-01',
      source: { citation: 'Cal. Civ. Code § 1798.130(a)(2); Cal. Code Regs. tit. 11, § 7021(a), (b)', url: 'https://cppa.ca.gov/regulations/' },
    },
    {
      id: 'ccpa_opt_out',
      law: 'California Consumer Privacy Act (requests to opt out of sale or sharing)',
      jurisdictions: ['US-CA'],
      appliesTo: ['opt_out_of_sale_or_sharing'],
      respond: { amount: 15, unit: 'business_days' },
      holidays: US_FEDERAL,
      inForceFrom: '2023-01-01',
      source: { citation: 'Cal. Code Regs. tit. 11, § 7026(f)', url: 'https://cppa.ca.gov/regulations/' },
    },
    usState('us_va', 'Virginia Consumer Data Protection Act', 'US-VA', '2023-01-01', 'Va. Code § 59.1-577(B)', 'https://law.lis.virginia.gov/vacode/title59.1/chapter53/section59.1-577/'),
    usState('us_co', 'Colorado Privacy Act', 'US-CO', '2023-07-01', 'Colo. Rev. Stat. § 6-1-1306(2)', 'https://coag.gov/resources/colorado-privacy-act/'),
    usState('us_ct', 'Connecticut Data Privacy Act', 'US-CT', '2023-07-01', 'Conn. Gen. Stat. § 42-518(b)', 'https://portal.ct.gov/ag/sections/privacy/the-connecticut-data-privacy-act'),
    usState('us_ut', 'Utah Consumer Privacy Act', 'US-UT', '2023-12-31', 'Utah Code § 13-61-203(4)', 'https://le.utah.gov/xcode/Title13/Chapter61/13-61.html'),
    usState('us_tx', 'Texas Data Privacy and Security Act', 'US-TX', '2024-07-01', 'Tex. Bus. & Com. Code § 541.052', 'https://statutes.capitol.texas.gov/Docs/BC/htm/BC.541.htm'),
    usState('us_or', 'Oregon Consumer Privacy Act', 'US-OR', '2024-07-01', 'Or. Rev. Stat. § 646A.576 (2023 Or. Laws ch. 369, § 4)', 'https://www.doj.state.or.us/consumer-protection/for-businesses/oregon-consumer-privacy-act/'),
    usState('us_mt', 'Montana Consumer Data Privacy Act', 'US-MT', '2024-10-01', 'Mont. Code Ann. § 30-14-2808', 'https://leg.mt.gov/bills/mca/title_0300/chapter_0140/part_0280/sections_index.html'),
    usState('us_ia', 'Iowa Consumer Data Protection Act', 'US-IA', '2025-01-01', 'Iowa Code § 715D.3 (90 days, one 45-day extension)', 'https://www.legis.iowa.gov/docs/code/715D.pdf', 90),
    usState('us_de', 'Delaware Personal Data Privacy Act', 'US-DE', '2025-01-01', 'Del. Code tit. 6, § 12D-104', 'https://delcode.delaware.gov/title6/c012d/index.html'),
    usState('us_ne', 'Nebraska Data Privacy Act', 'US-NE', '2025-01-01', 'Neb. Rev. Stat. § 87-1108', 'https://nebraskalegislature.gov/laws/browse-chapters.php?chapter=87'),
    usState('us_nh', 'New Hampshire consumer data privacy law', 'US-NH', '2025-01-01', 'N.H. Rev. Stat. § 507-H:4', 'https://www.gencourt.state.nh.us/rsa/html/LII/507-H/507-H-mrg.htm'),
    usState('us_nj', 'New Jersey Data Privacy Act', 'US-NJ', '2025-01-15', 'N.J. Stat. § 56:8-166.10', 'https://pub.njleg.state.nj.us/Bills/2022/PL24/266_.HTM'),
    usState('us_tn', 'Tennessee Information Protection Act', 'US-TN', '2025-07-01', 'Tenn. Code Ann. § 47-18-3303', 'https://www.tn.gov/attorneygeneral/working-for-tennessee/consumer/tennessee-information-protection-act.html'),
    usState('us_mn', 'Minnesota Consumer Data Privacy Act', 'US-MN', '2025-07-31', 'Minn. Stat. § 325M.14', 'https://www.revisor.mn.gov/statutes/cite/325M.14'),
    usState('us_md', 'Maryland Online Data Privacy Act', 'US-MD', '2025-10-01', 'Md. Code, Com. Law § 14-4705', 'https://mgaleg.maryland.gov/mgawebsite/Laws/StatuteText?article=gcl&section=14-4705'),
    usState('us_in', 'Indiana Consumer Data Protection Act', 'US-IN', '2026-01-01', 'Ind. Code § 24-15-3-1', 'https://iga.in.gov/laws/2024/ic/titles/24#24-15-3'),
    usState('us_ky', 'Kentucky Consumer Data Protection Act', 'US-KY', '2026-01-01', 'Ky. Rev. Stat. § 367.3615', 'https://apps.legislature.ky.gov/law/statutes/'),
    usState('us_ri', 'Rhode Island Data Transparency and Privacy Protection Act', 'US-RI', '2026-01-01', 'R.I. Gen. Laws § 6-48.1-5', 'https://webserver.rilegislature.gov/Statutes/TITLE6/6-48.1/INDEX.htm'),
    {
      id: 'lgpd',
      law: 'Brazil General Data Protection Law (LGPD), full access statement',
      jurisdictions: ['BR'],
      appliesTo: ['access'],
      respond: days(15),
      inForceFrom: '2020-09-18',
      source: { citation: 'Lei nº 13.709/2018 (LGPD) Art. 19(II)', url: 'https://www.planalto.gov.br/ccivil_03/_ato2015-2018/2018/lei/l13709.htm' },
    },
  ],
  holidays: [
    {
      id: US_FEDERAL,
      name: 'US federal holidays, as observed',
      dates: [
        '2025-01-01', '2025-01-20', '2025-02-17', '2025-05-26', '2025-06-19', '2025-07-04', '2025-09-01', '2025-10-13', '2025-11-11', '2025-11-27', '2025-12-25',
        '2026-01-01', '2026-01-19', '2026-02-16', '2026-05-25', '2026-06-19', '2026-07-03', '2026-09-07', '2026-10-12', '2026-11-11', '2026-11-26', '2026-12-25',
        '2027-01-01', '2027-01-18', '2027-02-15', '2027-05-31', '2027-06-18', '2027-07-05', '2027-09-06', '2027-10-11', '2027-11-11', '2027-11-25', '2027-12-24', '2027-12-31',
      ],
      source: { citation: '5 U.S.C. § 6103; observed dates as published by the US Office of Personnel Management', url: 'https://www.opm.gov/policy-data-oversight/pay-leave/federal-holidays/' },
    },
  ],
}
