export { restoreChoice } from './choice-restore.js'
