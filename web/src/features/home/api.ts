import { useQuery } from '@tanstack/react-query';
import { getQuery } from '../../lib/api/query';

/** Classes the user may see (the whole school for administration, own and taught ones for teachers). */
export function useClasses() {
  return useQuery({
    ...getQuery('/api/classes'),
    // A user with a school-wide role who also teaches gets some classes twice: keep each once.
    select: (list) => [...new Map(list.map((c) => [c.id, c])).values()],
  });
}

export function useClassStudents(classId: string) {
  return useQuery(getQuery('/api/classes/{id}/students', { params: { path: { id: classId } } }));
}
