export { gateNetwork } from './network-gate.js'
export type { NetworkGate, NetworkGateOptions } from './network-gate.js'
