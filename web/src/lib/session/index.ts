export { type Audience, allows, SCHOOL_WIDE } from './audience';
export { ME_KEY, meQuery, useCurrentUser, useEndSession, useMe, useStartSession } from './me';
export { hasRole, isClassTeacher, rolesOf } from './roles';
