/**
 * The command-line session in README.md, run as it stands, line by line, in
 * an empty folder: so the README cannot drift from the CLI again.
 *
 * The block is read from README.md itself (the ```sh block under "## The
 * command line") and sourced by bash with `set -e`. `npx custodian` is a shell
 * function here that runs this checkout's bin/custodian.mjs (npx would find no
 * checkout in a temporary folder) and records each command's exit code. It
 * plays the second channels too: the fingerprint `press keygen` prints goes
 * into $FINGERPRINT (read out by phone in real life), the code `takeover
 * create` prints into CUSTODIAN_CODE (sent to the guest by another channel).
 * The passphrase comes from CUSTODIAN_PASSPHRASE. `init` gets the floor KDF
 * (--kdf interactive) so that two dozen commands take seconds, not minutes.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDir } from '../support/tmp';

const root = process.cwd();
const dir = useTempDir('custodian-readme-');

/** The first ```sh block after the heading. */
function readmeBlock(heading: string): string {
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  const section = readme.indexOf(`\n${heading}\n`);
  expect(section, `README.md has a "${heading}" section`).toBeGreaterThan(-1);
  const start = readme.indexOf('```sh\n', section) + '```sh\n'.length;
  return readme.slice(start, readme.indexOf('\n```\n', start) + 1);
}

const HARNESS = String.raw`
npx() {
  if [ "$1" != custodian ]; then echo "the README block runs only custodian, not: npx $*" >&2; return 127; fi
  shift
  local extra=()
  if [ "$1" = init ]; then extra=(--kdf interactive); fi
  local rc=0 n
  n=$(wc -l < "$HARNESS_DIR/commands.tsv")
  node "$CUSTODIAN_BIN" "$@" "${'${extra[@]}'}" > "$HARNESS_DIR/out-$n.txt" || rc=$?
  cat "$HARNESS_DIR/out-$n.txt"
  printf '%s\t%s\n' "$rc" "$*" >> "$HARNESS_DIR/commands.tsv"
  case "$*" in
    "press keygen"*) export FINGERPRINT="$(grep -oE '[0-9]{5}( [0-9]{5}){5}' "$HARNESS_DIR/out-$n.txt" | head -n1)" ;;
    "takeover create"*) export CUSTODIAN_CODE="$(grep -oE '[0-9A-Z]{5}-[0-9A-Z]{5}' "$HARNESS_DIR/out-$n.txt" | head -n1)" ;;
  esac
  return 0
}
: > "$HARNESS_DIR/commands.tsv"
set -euo pipefail
source "$HARNESS_DIR/readme-block.sh"
`;

describe('README.md, "The command line"', () => {
  it('runs as written in an empty folder, today', { timeout: 600_000 }, () => {
    const block = readmeBlock('## The command line');
    const work = join(dir, 'work');
    spawnSync('mkdir', ['-p', work]);
    writeFileSync(join(dir, 'readme-block.sh'), block);
    writeFileSync(join(dir, 'harness.sh'), HARNESS);
    const run = spawnSync('bash', [join(dir, 'harness.sh')], {
      cwd: work,
      encoding: 'utf8',
      timeout: 590_000,
      env: {
        PATH: process.env.PATH,
        HOME: dir,
        HARNESS_DIR: dir,
        CUSTODIAN_BIN: join(root, 'bin', 'custodian.mjs'),
        CUSTODIAN_PASSPHRASE: 'correct horse battery staple',
      },
    });
    expect(run.error).toBeUndefined();
    // Nothing on stderr but escrow open's note (its stdout holds the opened secrets).
    expect(run.stderr).toBe(
      'Wrote the break-glass notice to notice.custodian-notice: send it to the account manager\n',
    );
    expect(run.status).toBe(0);

    const commands = readFileSync(join(dir, 'commands.tsv'), 'utf8')
      .trimEnd()
      .split('\n')
      .map((line, n) => {
        const [code, command] = line.split('\t');
        const output = readFileSync(join(dir, `out-${n}.txt`), 'utf8');
        return { code: Number(code), command: command!.split(' ').slice(0, 2).join(' '), output };
      });
    const outputOf = (name: string) => commands.find((c) => c.command === name)!.output;
    // Every `npx custodian` line of the block ran.
    expect(commands).toHaveLength(block.match(/npx custodian /g)!.length);
    // All succeed but `report` (exit 1 while out of policy: the new account has no manager, holders or escrow);
    // `rotation due` too: its comment promises exit 1 only once something is overdue (past its due day),
    // and the leaver's rotation open at that point is due today.
    expect(commands.filter((c) => c.code !== 0).map(({ code, command }) => ({ code, command }))).toEqual([
      { code: 1, command: 'report' },
      { code: 1, command: 'report --rule' },
    ]);
    expect(outputOf('rotation due')).toMatch(/Due today\s+Ada Lovelace left on/);
    expect(outputOf('report')).toMatch(/^Out of policy: 1 of 1 accounts/);
    expect(outputOf('report --rule')).toMatch(
      /^account_id,platform,handle,.*\r\n1,instagram,uni\.news,.*,R2,no_holders,/s,
    );
    // What the comments promise.
    expect(outputOf('totp uni.news')).toMatch(/^\{"code":"\d{6}","remaining":\d+\}\n$/);
    expect(outputOf('person leave')).toMatch(/^Rotation obligations created: 1$/m);
    expect(outputOf('audit verify')).toMatch(/^Audit trail intact/);
    // Sam learnt the takeover's temporary password; the press team's emergency opening shows the same one.
    const redeemed = outputOf('redeem --ticket').trimEnd();
    expect(redeemed).toMatch(/^\S{12,}$/);
    expect(outputOf('escrow open')).toContain(`password: ${redeemed}\n`);
    expect(outputOf('escrow notice')).toMatch(/Created 1 rotation obligation/);
  });
});
