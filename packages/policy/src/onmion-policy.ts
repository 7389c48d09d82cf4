import { definePolicyData } from '@onmion/privacy-schema/browser'

/**
 * Onmion's privacy policy as data: every section of `onmion-privacy-policy.txt`, transcribed.
 *
 * Where the seed leaves a value open (a cookie's lifetime, how long usage data is kept), the
 * value here is an operational choice, and its field is listed in `operationalDefaults` so the
 * rendered policy and any reader can tell it from a promise the policy makes.
 *
 * Purposes: the seed's section 3 has six bullets, two of which mix legal bases. Bullet 2
 * ("transactional communications (SMS or email)") is two purposes, because SMS needs prior
 * express consent under the TCPA and email does not; bullet 5 ("analytics, debugging, and fraud
 * prevention") is two, because the banner makes analytics consent-based while debugging and fraud
 * prevention rest on legitimate interest. Bullet 6 (legal compliance) is a legal obligation.
 *
 * Shipped as deep-frozen data, typed but not validated at import, so a page that imports it
 * downloads the data and no validator (zod stays out of browser bundles). It is validated when
 * the package is built (`scripts/browser-build.ts`) and tested: `parsePolicy` must accept it
 * and change nothing, which is why every default (`operationalDefaults: []`...) is written out.
 * A server that takes a policy validates it again (`createPrivacy` does).
 *
 * @example
 * import { decide, EMPTY_SUBJECT_STATE } from '@onmion/privacy-schema'
 * decide(onmionPolicy, EMPTY_SUBJECT_STATE, { purpose: 'transactional_sms', category: 'identifiers' })
 * // { allowed: false, reason: 'consent_missing', basis: 'consent' }
 */
export const onmionPolicy = definePolicyData({
  meta: {
    title: 'Onmion Privacy Policy',
    controller: 'Onmion LLC',
    version: '1.0.0',
    effectiveDate: '2026-01-01',
    scope: {
      sites: ['onmion.com', 'maasoffline.com'],
      services: ['The MAAS work-order platform (web and mobile applications)'],
      channels: ['SMS', 'email', 'phone', 'other channels'],
    },
    contact: {
      privacy: 'privacy@onmion.com',
      support: 'support@onmion.com',
      phone: '+18005551234',
    },
    changes: {
      description:
        'We may update this Privacy Policy from time to time. The "Effective Date" will change; material changes will be announced on the Site or via email.',
      announcedVia: ['site', 'email'],
    },
    operationalDefaults: ['effectiveDate'],
  },

  dataCategories: [
    {
      id: 'identifiers',
      name: 'Identifiers',
      description: 'Information that identifies you and lets you sign in.',
      examples: ['name', 'postal address', 'email', 'phone number', 'login credentials'],
      sources: ['user'],
      sensitivity: 'high',
      retention: 'account_lifetime',
      operationalDefaults: [],
    },
    {
      id: 'work_order_data',
      name: 'Work-order data',
      description: 'Information about the work orders you carry out.',
      examples: ['job ID', 'meter readings', 'location metadata'],
      sources: ['user', 'employer'],
      sensitivity: 'moderate',
      retention: 'work_order_records',
      operationalDefaults: [],
    },
    {
      id: 'usage_data',
      name: 'Usage data',
      description: 'Technical information collected automatically when you use the Site or Services.',
      examples: ['IP address', 'browser type', 'device IDs', 'referring pages', 'timestamps'],
      sources: ['automatic'],
      sensitivity: 'moderate',
      retention: 'usage_logs',
      operationalDefaults: [],
    },
    {
      id: 'cookie_data',
      name: 'Cookies and similar technologies',
      description: 'Information stored on or read from your device.',
      examples: ['session cookies', 'analytics tags'],
      sources: ['automatic'],
      sensitivity: 'low',
      retention: 'cookie_lifetime',
      operationalDefaults: [],
    },
    {
      id: 'in_app_content',
      name: 'In-app content',
      description: 'Content you add in the applications.',
      examples: ['photos of meter displays', 'notes', 'file attachments'],
      sources: ['user'],
      sensitivity: 'moderate',
      retention: 'work_order_records',
      operationalDefaults: [],
    },
  ],

  purposes: [
    {
      id: 'service_delivery',
      name: 'Deliver, maintain, and improve the Services',
      description: 'Deliver, maintain, and improve the Services, including real-time work-order updates.',
      basis: 'contract',
      categories: ['identifiers', 'work_order_data', 'usage_data', 'cookie_data', 'in_app_content'],
      objectable: false,
      operationalDefaults: [],
    },
    {
      id: 'transactional_sms',
      name: 'Transactional SMS',
      description: 'Send transactional text messages such as "A new work order has been assigned to you."',
      basis: 'consent',
      categories: ['identifiers', 'work_order_data'],
      objectable: false,
      operationalDefaults: [],
    },
    {
      id: 'transactional_email',
      name: 'Transactional email',
      description: 'Send transactional email such as "A new work order has been assigned to you."',
      basis: 'contract',
      categories: ['identifiers', 'work_order_data'],
      objectable: false,
      operationalDefaults: [],
    },
    {
      id: 'customer_support',
      name: 'Customer support',
      description: 'Provide customer support and respond to inquiries.',
      basis: 'contract',
      categories: ['identifiers', 'work_order_data', 'usage_data', 'in_app_content'],
      objectable: false,
      operationalDefaults: [],
    },
    {
      id: 'security_monitoring',
      name: 'Security, performance, and usability',
      description: 'Monitor, audit, and enhance security, performance, and usability.',
      basis: 'legitimate_interest',
      categories: ['identifiers', 'usage_data', 'cookie_data'],
      objectable: true,
      operationalDefaults: [],
    },
    {
      id: 'analytics',
      name: 'Analytics',
      description: 'Conduct analytics: measure website traffic and aggregate it with other user data.',
      basis: 'consent',
      categories: ['usage_data', 'cookie_data'],
      objectable: false,
      operationalDefaults: [],
    },
    {
      id: 'debugging_fraud_prevention',
      name: 'Debugging and fraud prevention',
      description: 'Conduct debugging and fraud prevention.',
      basis: 'legitimate_interest',
      categories: ['identifiers', 'usage_data', 'cookie_data'],
      objectable: true,
      operationalDefaults: [],
    },
    {
      id: 'legal_compliance',
      name: 'Legal, regulatory, and carrier compliance',
      description: 'Comply with legal, regulatory, or carrier requirements.',
      basis: 'legal_obligation',
      categories: ['identifiers', 'work_order_data', 'usage_data', 'cookie_data', 'in_app_content'],
      objectable: false,
      operationalDefaults: [],
    },
  ],

  sellsPersonalInformation: false,

  recipients: [
    {
      id: 'cloud_hosting',
      name: 'Cloud hosting providers',
      kind: 'service_provider',
      description: 'Service providers that host the Site and Services.',
      categories: ['identifiers', 'work_order_data', 'usage_data', 'cookie_data', 'in_app_content'],
      purposes: ['service_delivery', 'transactional_sms', 'transactional_email', 'customer_support', 'security_monitoring', 'debugging_fraud_prevention', 'legal_compliance'],
      examples: [],
      operationalDefaults: [],
    },
    {
      id: 'sms_delivery',
      name: 'SMS delivery provider',
      kind: 'service_provider',
      description: 'Delivers our text messages.',
      examples: ['Vonage'],
      categories: ['identifiers', 'work_order_data'],
      purposes: ['transactional_sms'],
      scope: 'Phone numbers and the text of the messages we send and receive.',
      operationalDefaults: [],
    },
    {
      id: 'analytics_provider',
      name: 'Analytics providers',
      kind: 'service_provider',
      description: 'Measure website traffic for us.',
      categories: ['usage_data', 'cookie_data'],
      purposes: ['analytics'],
      examples: [],
      operationalDefaults: [],
    },
    {
      id: 'payment_processor',
      name: 'Payment processors',
      kind: 'service_provider',
      description: 'Process payments for the Services.',
      categories: ['identifiers'],
      purposes: ['service_delivery'],
      examples: [],
      operationalDefaults: [],
    },
    {
      id: 'employer',
      name: 'Your employer or organization',
      kind: 'employer',
      description: 'The organization you carry out work orders for.',
      categories: ['work_order_data'],
      purposes: ['service_delivery'],
      scope: 'Work-order status and performance metrics only.',
      examples: [],
      operationalDefaults: [],
    },
    {
      id: 'authorities',
      name: 'Regulators, carriers, or law enforcement',
      kind: 'authority',
      description: 'To comply with law or enforce our rights.',
      categories: ['identifiers', 'work_order_data', 'usage_data', 'cookie_data', 'in_app_content'],
      purposes: ['legal_compliance'],
      examples: [],
      operationalDefaults: [],
    },
    {
      id: 'business_transfer',
      name: 'Business transfers',
      kind: 'business_transfer',
      description: 'In a merger, acquisition, or asset sale; the information remains protected.',
      categories: ['identifiers', 'work_order_data', 'usage_data', 'cookie_data', 'in_app_content'],
      purposes: ['service_delivery'],
      examples: [],
      operationalDefaults: [],
    },
  ],

  channels: {
    sms: {
      programName: 'Onmion Work Orders',
      purpose: 'transactional_sms',
      provider: 'sms_delivery',
      enrollmentMethods: [
        { id: 'keyword', name: 'Keyword text', description: 'You text an enrollment keyword to our number.', enrollsOnFirstInbound: false },
        { id: 'verbal', name: 'Verbal consent', description: 'You agree verbally, for example on a support call.', enrollsOnFirstInbound: false },
        { id: 'signed_form', name: 'Signed form', description: 'You sign a form that includes SMS consent.', enrollsOnFirstInbound: false },
        { id: 'text_first', name: 'Texting us first', description: 'You send us a text message first.', enrollsOnFirstInbound: true },
      ],
      keywords: {
        optOut: ['STOP', 'STOPALL', 'STOP ALL', 'UNSUBSCRIBE', 'CANCEL', 'END', 'QUIT', 'REVOKE', 'OPT OUT', 'OPTOUT', 'OPT-OUT', 'PARAR', 'ARRET', 'ARRÊT', 'ALTO', 'BAJA', 'CANCELAR'],
        optIn: ['START', 'UNSTOP', 'YES'],
        help: ['HELP', 'INFO', 'AYUDA'],
      },
      texts: {
        help:
          'Onmion Work Orders: for help email support@onmion.com or call +1 800-555-1234. Message frequency varies. Message and data rates may apply. Reply STOP to cancel.',
        optOutConfirmation: 'Onmion Work Orders: you are unsubscribed and will receive no further messages. Reply START to resubscribe.',
        optInConfirmation:
          'Onmion Work Orders: you are subscribed to work-order alerts. Message frequency varies. Message and data rates may apply. Reply HELP for help, STOP to cancel.',
      },
      frequency: 'Message frequency varies.',
      rates: 'Message and data rates may apply.',
      carrierDisclaimer: 'Carriers are not liable for delayed or undelivered messages.',
      supportEmail: 'support@onmion.com',
      supportPhone: '+18005551234',
    },
    email: {
      purpose: 'transactional_email',
      description: 'Transactional email such as work-order notifications.',
    },
  },

  cookies: {
    categories: [
      {
        id: 'strictly_necessary',
        name: 'Strictly necessary',
        description: 'Keep you logged in and the Site secure. These cannot be switched off.',
        required: true,
        purposes: ['service_delivery', 'security_monitoring'],
        consentMode: ['security_storage'],
      },
      {
        id: 'preferences',
        name: 'Preferences',
        description: 'Remember your preferences, such as language and display settings.',
        required: false,
        purposes: ['service_delivery'],
        consentMode: ['functionality_storage', 'personalization_storage'],
      },
      {
        id: 'analytics',
        name: 'Analytics',
        description: 'Measure website traffic so we can optimize your experience. Your data will be aggregated with all other user data.',
        required: false,
        purposes: ['analytics'],
        consentMode: ['analytics_storage'],
        hosts: ['google-analytics.com', 'analytics.google.com', 'stats.g.doubleclick.net'],
      },
    ],
    declared: [
      {
        name: 'onmion_session',
        party: 'first',
        provider: 'Onmion',
        lifetime: 'session',
        purpose: 'Keeps you logged in.',
        category: 'strictly_necessary',
        operationalDefaults: ['name'],
      },
      {
        name: 'onmion_consent',
        party: 'first',
        provider: 'Onmion',
        lifetime: 'P1Y',
        purpose: 'Remembers your cookie choices.',
        category: 'strictly_necessary',
        operationalDefaults: ['lifetime'],
      },
      {
        name: 'onmion_prefs',
        party: 'first',
        provider: 'Onmion',
        lifetime: 'P1Y',
        purpose: 'Remembers your preferences.',
        category: 'preferences',
        operationalDefaults: ['name', 'lifetime'],
      },
      {
        name: 'onmion_analytics',
        party: 'first',
        provider: 'Onmion',
        lifetime: 'P13M',
        purpose: 'Measures traffic across visits.',
        category: 'analytics',
        operationalDefaults: ['name', 'lifetime'],
      },
      {
        name: '_ga',
        party: 'third',
        provider: 'Google Analytics',
        lifetime: 'P2Y',
        purpose: 'Distinguishes visitors to measure traffic.',
        category: 'analytics',
        operationalDefaults: ['provider', 'lifetime'],
      },
      {
        pattern: '^_ga_[A-Z0-9]+$',
        party: 'third',
        provider: 'Google Analytics',
        lifetime: 'P2Y',
        purpose: 'Keeps session state for traffic measurement.',
        category: 'analytics',
        operationalDefaults: ['provider', 'lifetime'],
      },
    ],
    banner: {
      text: 'We use cookies to analyze website traffic and optimize your website experience. By accepting our use of cookies, your data will be aggregated with all other user data.',
      acceptLabel: 'Accept all',
      rejectLabel: 'Reject all',
      preferencesLabel: 'Preferences',
    },
    browserControls: 'Most browsers let you delete or block cookies, but doing so may impair certain features.',
    browser: {
      heldOnRefusal: 'drop',
      consentMode: 'basic',
      sharedDomains: ['onmion.com', 'maasoffline.com'],
      embed: {
        text: 'This content is from a third party and needs {category} cookies.',
        loadLabel: 'Load this content',
        loadCategoryLabel: 'Allow {category} cookies',
      },
    },
  },

  retention: [
    {
      id: 'account_lifetime',
      name: 'Account data',
      description: 'Kept while your account is active and as long as needed for the purposes in Section 3.',
      kind: 'purpose_bound',
      duration: 'P2Y',
      operationalDefaults: ['duration'],
    },
    {
      id: 'work_order_records',
      name: 'Work-order records',
      description: 'Kept as long as needed for the purposes in Section 3.',
      kind: 'purpose_bound',
      duration: 'P3Y',
      operationalDefaults: ['duration'],
    },
    {
      id: 'usage_logs',
      name: 'Usage logs',
      description: 'Kept as long as needed for security, analytics, and debugging.',
      kind: 'purpose_bound',
      duration: 'P13M',
      operationalDefaults: ['duration'],
    },
    {
      id: 'cookie_lifetime',
      name: 'Cookies',
      description: 'Kept for the lifetime declared for each cookie.',
      kind: 'purpose_bound',
      duration: 'P2Y',
      operationalDefaults: ['duration'],
    },
    {
      id: 'consent_records',
      name: 'Consent records',
      description: 'Records of consent given and withdrawn, kept as proof.',
      kind: 'purpose_bound',
      duration: 'P5Y',
      reason: 'Proof of consent for as long as a claim about it can be brought (the TCPA limitation period is 4 years).',
      operationalDefaults: ['duration'],
    },
    {
      id: 'accounting_records',
      name: 'Accounting records',
      description: 'Kept for seven years, as legally required.',
      kind: 'fixed',
      duration: 'P7Y',
      minimum: 'P7Y',
      reason: 'Legally required retention of accounting records.',
      operationalDefaults: [],
    },
    {
      id: 'sms_opt_out_logs',
      name: 'SMS opt-out logs',
      description: 'Retained a minimum of five years for carrier audits.',
      kind: 'minimum',
      minimum: 'P5Y',
      duration: 'P6Y',
      reason: 'Carrier audits.',
      operationalDefaults: ['duration'],
    },
    {
      id: 'rights_requests',
      name: 'Privacy rights requests',
      description: 'Records of requests to exercise your rights and how they were answered.',
      kind: 'purpose_bound',
      duration: 'P3Y',
      operationalDefaults: ['duration'],
    },
  ],

  rights: {
    types: [
      { id: 'access', name: 'Access', description: 'Request a copy of the personal data we hold about you.' },
      { id: 'rectification', name: 'Correction', description: 'Ask us to correct inaccurate personal data.' },
      { id: 'erasure', name: 'Deletion', description: 'Ask us to delete your personal data.' },
      { id: 'restriction', name: 'Restriction', description: 'Ask us to restrict processing of your personal data.' },
      { id: 'objection', name: 'Objection', description: 'Object to processing of your personal data.' },
      { id: 'portability', name: 'Data portability', description: 'Receive your personal data in a machine-readable format.' },
    ],
    deadline: 'P30D',
    contact: 'privacy@onmion.com',
    jurisdictionNote: 'Depending on your jurisdiction, you may have some or all of these rights.',
  },

  children: {
    minimumAge: 13,
    statement: 'We do not knowingly collect information from children under 13.',
  },

  signals: {
    doNotTrack: {
      honored: false,
      statement: 'Our Sites do not respond to browser Do Not Track signals. We honor the opt-out mechanisms described in Section 4 instead.',
    },
    globalPrivacyControl: {
      honored: true,
      refuses: ['analytics'],
      statement: 'When your browser sends a Global Privacy Control signal, we treat it as a refusal of analytics cookies.',
      honoredLabel: 'Opt-Out Request Honored',
    },
  },

  security: {
    controls: [
      { id: 'tls_in_transit', name: 'TLS encryption in transit', description: 'Data in transit is encrypted with TLS.' },
      { id: 'aes256_at_rest', name: 'AES-256 at rest', description: 'Data at rest is encrypted with AES-256.' },
      { id: 'least_privilege', name: 'Least-privilege access controls', description: 'People and services get only the access they need.' },
      { id: 'penetration_testing', name: 'Routine penetration testing', description: 'Our systems are tested by penetration testers routinely.' },
    ],
    frameworks: ['NIST SP 800-53', 'ISO 27001'],
    disclaimer: 'While no internet transmission is perfectly secure, we apply safeguards aligned with NIST SP 800-53 and ISO 27001.',
  },
})

/**
 * The type of Onmion's policy, with its ids as literal types.
 *
 * @example type Purposes = OnmionPolicy['purposes'][number]['id']
 */
export type OnmionPolicy = typeof onmionPolicy
