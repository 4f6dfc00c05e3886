import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ACCESS_MATRIX, type MatrixRow, RELATIONS, ROLE_NAMES, type RoleName } from './access-matrix';

/**
 * docs/ACCESS-MATRIX.md, generated from the table of test/security/access-matrix.ts so that the document
 * and the test cannot disagree. Run `node_modules/.bin/tsx test/security/matrix-doc.ts` after changing the
 * table; the matrix suite fails while the file is stale.
 */
export const DOC_PATH = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../docs/ACCESS-MATRIX.md');

const SHORT: Record<RoleName, string> = {
  student: 'student',
  parent1: 'parent (1 child)',
  parent2: 'parent (2 schools)',
  subjectTeacher: 'subject teacher',
  classTeacher: 'class teacher',
  substitute: 'substitute',
  deputy: 'deputy',
  director: 'director',
  admin: 'administrator',
  methodologist: 'region methodologist',
  blocked: 'blocked',
  anon: 'signed out',
};

/** One cell: the relations that succeed, then those refused with 403, then exact other answers; else the row's default. */
function cell(row: MatrixRow, role: RoleName): string {
  if (row.skip?.includes(role)) return 'not probed';
  if ((role === 'anon' || role === 'blocked') && !row.public) return '401';
  const parts: string[] = [];
  const ok = row.allow[role] ?? [];
  if (ok.length) parts.push(`✓ ${ok.join(' ')}`);
  const refused = row.forbid?.[role] ?? [];
  if (refused.length) parts.push(`403 ${refused.join(' ')}`);
  for (const [rel, status] of Object.entries(row.answers?.[role] ?? {})) parts.push(`${status} ${rel}`);
  if (!parts.length) return String(row.deny ?? 404);
  return parts.join('; ');
}

export function renderMatrixDoc(): string {
  const lines = [
    '# Access-control matrix',
    '',
    '<!-- Generated from test/security/access-matrix.ts by `node_modules/.bin/tsx test/security/matrix-doc.ts`. Do not edit by hand. -->',
    '',
    "Every endpoint of the OpenAPI document × every role × objects of every relation — the actor's own, their",
    "child's, a classmate's, another class's, another school's — as `test/integration/access-matrix.test.ts`",
    'checks it on PGlite and PostgreSQL (see docs/SECURITY.md, «Access-control matrix»).',
    '',
    'How to read a row: the «objects» column names the kind of object and its relations. A cell lists',
    '`✓` the relations for which the request succeeds (200, the change really happens), `403` those the role sees',
    'but may not act on, and exact other answers (`400 self`: blocking oneself is refused). Every relation the cell',
    "does not name answers **404** — outside the role's scope, exactly as an id that does not exist — or the",
    'number given in the «objects» column. `401`: signed out, or blocked after signing in. A request that does not',
    'succeed changes no record: the suite counts the rows written to every table around it.',
    '',
    "Relations: `A5` 5А of school A (the child's class; the class teacher's; the subject teacher's page), `A6`",
    "6Б of school A (parent2's child), `B` school B (parent2's other child), `sub` a 5А lesson the substitute",
    "replaces; `child`/`classmate`/`sibling`/`childB` students; `self` the actor; `own` the actor's own",
    "conversation, notification…; `other` someone else's in school A. The full legend is at the top of",
    '`test/security/access-matrix.ts`.',
    '',
    `| endpoint | objects | ${ROLE_NAMES.map((r) => SHORT[r]).join(' | ')} |`,
    `| --- | --- | ${ROLE_NAMES.map(() => '---').join(' | ')} |`,
  ];
  for (const [key, row] of Object.entries(ACCESS_MATRIX)) {
    const otherwise = row.deny && row.deny !== 404 ? `; otherwise ${row.deny}` : '';
    lines.push(
      `| \`${key}\` | ${row.param}: ${RELATIONS[row.param].join(' ')}${otherwise} | ${ROLE_NAMES.map((r) => cell(row, r)).join(' | ')} |`,
    );
  }
  lines.push('');
  return lines.join('\n');
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  fs.writeFileSync(DOC_PATH, renderMatrixDoc());
  console.log(`written ${path.relative(process.cwd(), DOC_PATH)}`);
}
