/**
 * What the trace can point at in the repository: the titles of the tests in a test file and the
 * functions, classes and constants a module declares. Read with the TypeScript parser, so a
 * renamed test or a removed function is seen exactly, not guessed by a text search.
 */
import { readFileSync } from 'node:fs'
import ts from 'typescript'

const TEST_CALLS = new Set(['describe', 'test', 'it'])

/** The callee's name of `describe(...)`, `test.each(...)(...)`, `it.skip(...)`: `describe`, `test`, `it`. */
function testCallName(call: ts.CallExpression): string | undefined {
  let callee: ts.Expression = call.expression
  // test.each([...])('name', fn): the callee is itself a call.
  if (ts.isCallExpression(callee)) callee = callee.expression
  while (ts.isPropertyAccessExpression(callee)) callee = callee.expression
  return ts.isIdentifier(callee) && TEST_CALLS.has(callee.text) ? callee.text : undefined
}

function titleOf(node: ts.Expression | undefined): string | undefined {
  if (node === undefined) return undefined
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return node.text
  return undefined
}

/**
 * Full titles of every test and suite in a file, Vitest style: `outer > inner > test`. Titles
 * built at run time (template strings with values) are left out: the trace cannot point at them.
 *
 * @example
 * testTitles('packages/server/test/sms.test.ts').has('STOP opts the number out') // true
 */
export function testTitles(file: string): Set<string> {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true)
  const titles = new Set<string>()
  const visit = (node: ts.Node, path: readonly string[]): void => {
    if (ts.isCallExpression(node) && testCallName(node) !== undefined) {
      const title = titleOf(node.arguments[0])
      if (title !== undefined) {
        const full = [...path, title]
        titles.add(full.join(' > '))
        node.arguments.slice(1).forEach((arg) => { visit(arg, full) })
        return
      }
    }
    ts.forEachChild(node, (child) => { visit(child, path) })
  }
  visit(source, [])
  return titles
}

/**
 * Names a module declares at its top level or as class methods: functions, classes, variables,
 * methods and object-literal methods returned by factories (`createSms(ctx)` returns `{ inbound() }`).
 *
 * @example
 * declaredNames('packages/server/src/sharing.ts').has('assertCanShare')
 */
export function declaredNames(file: string): Set<string> {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true)
  const names = new Set<string>()
  const visit = (node: ts.Node): void => {
    if ((ts.isFunctionDeclaration(node) || ts.isClassDeclaration(node) || ts.isMethodDeclaration(node)) && node.name && !ts.isComputedPropertyName(node.name)) {
      names.add(node.name.text)
    } else if (ts.isVariableDeclaration(node) && ts.isIdentifier(node.name)) {
      names.add(node.name.text)
    } else if (ts.isPropertyAssignment(node) && ts.isIdentifier(node.name) && (ts.isArrowFunction(node.initializer) || ts.isFunctionExpression(node.initializer))) {
      names.add(node.name.text)
    }
    ts.forEachChild(node, visit)
  }
  visit(source)
  return names
}
