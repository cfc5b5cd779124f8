import course from '../../../course.config';

/** The real course config with solutions switched off, for the build that proves none ship. */
export default { ...course, solutions: { mode: 'never' as const } };
