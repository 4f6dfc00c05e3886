import { describe, expect, it } from 'vitest';
import { type Action, type Actor, can, type Resource, type Role } from '../../../src/domain/policy';

/**
 * The policy table: roles × relations × actions. Each row says who may do what to which object;
 * everything not allowed is refused (and the services turn a refusal into 404).
 */
const S = 'school-1';
const OTHER = 'school-2';
const ME = 'me';

function actor(roles: Role[], school = S): Actor {
  return { accountId: 'acc', memberships: [{ schoolId: school, personId: ME, roles: new Set(roles) }] };
}

const student = (rel: 'self' | 'child' | 'class_teacher' | 'teacher' | 'none', school = S): Resource => ({
  kind: 'student',
  schoolId: school,
  studentId: rel === 'self' ? ME : 'st',
  parentIds: rel === 'child' ? [ME] : ['p'],
  classTeacherIds: rel === 'class_teacher' ? [ME] : ['ct'],
  teacherIds: rel === 'teacher' ? [ME] : ['t'],
});
const page = (rel: 'own' | 'class_teacher' | 'substitute' | 'none', school = S): Resource => ({
  kind: 'page',
  schoolId: school,
  teacherId: rel === 'own' ? ME : 't',
  classTeacherId: rel === 'class_teacher' ? ME : 'ct',
  substituteIds: rel === 'substitute' ? [ME] : [],
});
const lesson = (rel: 'own' | 'substitute' | 'none'): Resource => ({
  kind: 'lesson',
  schoolId: S,
  teacherId: rel === 'own' ? ME : 't',
  classTeacherId: 'ct',
  substituteId: rel === 'substitute' ? ME : null,
});
const cls = (rel: 'class_teacher' | 'teaches' | 'none', school = S): Resource => ({
  kind: 'class',
  schoolId: school,
  classTeacherId: rel === 'class_teacher' ? ME : 'ct',
  teacherIds: rel === 'teaches' ? [ME] : ['t'],
});
const school = (id = S): Resource => ({ kind: 'school', schoolId: id });

type Row = [string, Role[], Action, Resource, boolean];

const table: Row[] = [
  // [000 §3.6] families see only their own data
  ['student reads own diary', ['student'], 'student.diary', student('self'), true],
  ['student reads a classmate diary', ['student'], 'student.diary', student('none'), false],
  ['parent reads own child diary', ['parent'], 'student.diary', student('child'), true],
  ['parent reads another child diary', ['parent'], 'student.diary', student('none'), false],
  ['parent of a child in another school reads nothing here', ['parent'], 'student.diary', student('child', OTHER), false],
  ['class teacher reads a diary of the class', ['teacher'], 'student.diary', student('class_teacher'), true],
  ['teacher reads the diary of a student they teach', ['teacher'], 'student.diary', student('teacher'), true],
  ['teacher reads the diary of a stranger', ['teacher'], 'student.diary', student('none'), false],
  ['director reads any diary of the school', ['director'], 'student.diary', student('none'), true],
  ['director of another school', ['director'], 'student.diary', student('none', OTHER), false],
  // [003 §2.1] students never work with the journal
  ['student reads a journal page', ['student'], 'page.read', page('none'), false],
  ['parent reads a journal page', ['parent'], 'page.read', page('none'), false],
  ['teacher reads own page', ['teacher'], 'page.read', page('own'), true],
  ['teacher reads another teacher page', ['teacher'], 'page.read', page('none'), false],
  ['class teacher reads pages of the class', ['teacher'], 'page.read', page('class_teacher'), true],
  ['substitute reads the page', ['teacher'], 'page.read', page('substitute'), true],
  ['deputy reads every page', ['deputy'], 'page.read', page('none'), true],
  ['director reads every page', ['director'], 'page.read', page('none'), true],
  ['deputy of another school', ['deputy'], 'page.read', page('none', OTHER), false],
  // [003 §2.6] a teacher writes only own pages
  ['teacher writes own page', ['teacher'], 'page.write', page('own'), true],
  ['teacher writes another page', ['teacher'], 'page.write', page('none'), false],
  ['class teacher writes a page of the class', ['teacher'], 'page.write', page('class_teacher'), false],
  ['director writes a page', ['director'], 'page.write', page('none'), false],
  ['administrator writes a page', ['administrator'], 'page.write', page('none'), false],
  ['student writes a page', ['student'], 'page.write', page('own'), false],
  // [001 §5.4.2] substitute writes the lessons replaced
  ['substitute writes the replaced lesson', ['teacher'], 'lesson.write', lesson('substitute'), true],
  ['teacher writes own lesson', ['teacher'], 'lesson.write', lesson('own'), true],
  ['teacher writes a lesson of another page', ['teacher'], 'lesson.write', lesson('none'), false],
  ['page finals by own teacher', ['teacher'], 'page.finals', page('own'), true],
  ['page finals by substitute', ['teacher'], 'page.finals', page('substitute'), false],
  // classes
  ['class teacher manages own class', ['teacher'], 'class.manage', cls('class_teacher'), true],
  ['subject teacher manages a class', ['teacher'], 'class.manage', cls('teaches'), false],
  ['subject teacher reads a class they teach', ['teacher'], 'class.read', cls('teaches'), true],
  ['teacher reads a foreign class', ['teacher'], 'class.read', cls('none'), false],
  ['administrator manages any class', ['administrator'], 'class.manage', cls('none'), true],
  ['administrator of another school', ['administrator'], 'class.manage', cls('none', OTHER), false],
  // [000 §3.2] credentials
  ['class teacher issues family credentials', ['teacher'], 'class.credentials', cls('class_teacher'), true],
  ['subject teacher issues family credentials', ['teacher'], 'class.credentials', cls('teaches'), false],
  ['administrator issues staff credentials', ['administrator'], 'credentials.staff', school(), true],
  ['class teacher issues staff credentials', ['teacher'], 'credentials.staff', school(), false],
  // [000 §4.2] weekly attendance correction
  ['class teacher corrects attendance', ['teacher'], 'class.attendance_correct', cls('class_teacher'), true],
  ['subject teacher corrects attendance', ['teacher'], 'class.attendance_correct', cls('teaches'), false],
  // [004 admin] periods
  ['administrator closes a period', ['administrator'], 'period.close', school(), true],
  ['director closes a period', ['director'], 'period.close', school(), false],
  ['teacher closes a period', ['teacher'], 'period.close', school(), false],
  // reports
  ['deputy reads school reports', ['deputy'], 'reports.school', school(), true],
  ['teacher reads school reports', ['teacher'], 'reports.school', school(), false],
  ['class teacher reads own class reports', ['teacher'], 'class.reports', cls('class_teacher'), true],
  ['parent reads school reports', ['parent'], 'reports.school', school(), false],
  // cards
  ['class teacher reads a card of the class', ['teacher'], 'student.card_read', student('class_teacher'), true],
  ['subject teacher reads a card', ['teacher'], 'student.card_read', student('teacher'), false],
  ['parent reads a card', ['parent'], 'student.card_read', student('child'), false],
  // [002 §4.2], [002 §4.7]
  ['ICT deputy backs up', ['deputy_ict'], 'school.backup', school(), true],
  ['teacher backs up', ['teacher'], 'school.backup', school(), false],
  ['archivist reads the archive', ['archivist'], 'school.archive', school(), true],
  ['parent reads the archive', ['parent'], 'school.archive', school(), false],
  ['staff reads the structure', ['teacher'], 'school.read', school(), true],
  ['student reads the structure', ['student'], 'school.read', school(), false],
];

describe('access policy [000 §3.6] [003 §2.1] [003 §2.6]', () => {
  it.each(table)('%s', (_name, roles, action, resource, expected) => {
    expect(can(actor(roles), action, resource)).toBe(expected);
  });

  it('allows nothing to an actor with no membership in the school', () => {
    const nobody: Actor = { accountId: 'x', memberships: [] };
    for (const [, , action, resource] of table) expect(can(nobody, action, resource)).toBe(false);
  });

  it('decides per school for a parent with children in two schools', () => {
    const a: Actor = {
      accountId: 'acc',
      memberships: [
        { schoolId: S, personId: ME, roles: new Set<Role>(['parent']) },
        { schoolId: OTHER, personId: 'me-2', roles: new Set<Role>(['parent']) },
      ],
    };
    expect(can(a, 'student.diary', student('child'))).toBe(true);
    const otherChild: Resource = { ...(student('none', OTHER) as Extract<Resource, { kind: 'student' }>), parentIds: ['me-2'] };
    expect(can(a, 'student.diary', otherChild)).toBe(true);
    expect(can(a, 'student.diary', student('none', OTHER))).toBe(false);
  });
});
