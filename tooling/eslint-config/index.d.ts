import type { Linter } from 'eslint'
export declare function defineConfig(options: { tsconfigRootDir: string; library?: boolean; browser?: boolean; ignores?: string[] }): Linter.Config[]
