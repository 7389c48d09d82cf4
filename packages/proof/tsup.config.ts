import { defineLibrary } from '@onmion/tsup-config'
export default defineLibrary({ platform: 'neutral' })
