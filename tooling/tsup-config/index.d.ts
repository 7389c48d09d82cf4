import type { Options } from 'tsup'
export declare function defineLibrary(options?: {
  entry?: string[]
  platform?: 'node' | 'neutral' | 'browser'
  target?: string
}): Options | Options[] | ((overrideOptions: Options) => Options | Options[] | Promise<Options | Options[]>)
