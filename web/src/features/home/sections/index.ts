import type { ComponentType } from 'react';
import { type Audience, isClassTeacher } from '../../../lib/session';
import { AdminSection } from './AdminSection';
import { ArchivistSection } from './ArchivistSection';
import { ClassTeacherSection } from './ClassTeacherSection';
import { DeputySection } from './DeputySection';
import { DirectorSection } from './DirectorSection';
import { IctSection } from './IctSection';
import { ParentSection } from './ParentSection';
import { StudentSection } from './StudentSection';
import { TeacherSection } from './TeacherSection';

export interface HomeSectionEntry {
  id: string;
  audience: Audience;
  Component: ComponentType;
}

/**
 * What the home page shows, per role, in this order. A user with several roles sees every section
 * their roles allow (a class teacher is a teacher too: «Мой класс», then «Мои классы»).
 */
export const homeSections: readonly HomeSectionEntry[] = [
  { id: 'admin', audience: { roles: ['administrator'] }, Component: AdminSection },
  { id: 'director', audience: { roles: ['director'] }, Component: DirectorSection },
  { id: 'deputy', audience: { roles: ['deputy'] }, Component: DeputySection },
  { id: 'ict', audience: { roles: ['deputy_ict'] }, Component: IctSection },
  { id: 'class-teacher', audience: { roles: ['teacher'], when: isClassTeacher }, Component: ClassTeacherSection },
  { id: 'teacher', audience: { roles: ['teacher'] }, Component: TeacherSection },
  { id: 'parent', audience: { roles: ['parent'] }, Component: ParentSection },
  { id: 'student', audience: { roles: ['student'] }, Component: StudentSection },
  { id: 'archivist', audience: { roles: ['archivist'] }, Component: ArchivistSection },
];
