// The CommonJS consumer: requires each package's snippet (snippets/<dir>.cjs).
const packages = require('./packages.json')

async function main() {
  for (const dir of packages) {
    const { check } = require(`./snippets/${dir}.cjs`)
    const detail = await check()
    console.log(`RESULT ${JSON.stringify({ package: dir, format: 'cjs', node: process.version, detail })}`)
  }
}

main().catch((error) => {
  console.error(error)
  process.exitCode = 1
})
