import { describe } from 'vitest';
import { accessMatrixSuite } from '../security/matrix-suite';

/** The access-control matrix of every endpoint × role × relation (the table: test/security/access-matrix.ts). */
describe('access-control matrix [000 §3.6] [002 §3.6] [003 §2.5]', () => accessMatrixSuite());
