import { leafHash, nodeHash, verifyInclusion } from '@onmion/privacy-proof'

/** A two-leaf RFC 9162 tree built with the package's own hashes: each leaf proves, a wrong root does not. */
export async function check() {
  const [a, b] = await Promise.all([leafHash(new TextEncoder().encode('a')), leafHash(new TextEncoder().encode('b'))])
  const root = await nodeHash(a, b)
  const included = await verifyInclusion(a, { leafIndex: 0, treeSize: 2, path: [b] }, root)
  const forged = await verifyInclusion(a, { leafIndex: 0, treeSize: 2, path: [b] }, a)
  if (!included || forged) throw new Error(`proof: unexpected ${JSON.stringify({ included, forged })}`)
  return { included, forged }
}
