import { z } from 'astro/zod';
import { contrastRatio } from '../site/contrast-ratio';
import { SolutionVisibilitySchema } from './solution-visibility';

/** The page backgrounds of the two themes (src/styles/tokens.css); an accent must read on both. */
export const THEME_BACKGROUNDS = { light: '#ffffff', dark: '#0f1419' } as const;
/** WCAG AA for normal text: links and the start button use the accent as text or background. */
const MIN_ACCENT_CONTRAST = 4.5;

const HexColorSchema = z.string().regex(/^#[0-9a-fA-F]{6}$/, 'a #rrggbb colour, e.g. #0a5bc4');

/** Branding: the accent colour of links, buttons and focus rings, one per theme. */
const AccentSchema = z
  .strictObject({ light: HexColorSchema, dark: HexColorSchema })
  .superRefine((accent, context) => {
    for (const theme of ['light', 'dark'] as const) {
      const ratio = contrastRatio(accent[theme], THEME_BACKGROUNDS[theme]);
      if (ratio < MIN_ACCENT_CONTRAST) {
        context.addIssue({
          code: 'custom',
          path: [theme],
          message: `${accent[theme]} has a contrast of ${ratio.toFixed(2)}:1 on the ${theme} background ${THEME_BACKGROUNDS[theme]}; it needs at least ${MIN_ACCENT_CONTRAST}:1`,
        });
      }
    }
  });

/** `course.config.ts`: every site setting an operator may change. */
export const CourseConfigSchema = z.strictObject({
  /** Stable id; part of every storage key, so two courses on one origin never collide. */
  id: z.string().regex(/^[a-z0-9-]+$/),
  /** Course title shown in the header, the home page and the certificate. */
  title: z.string().min(3),
  /** One-line pitch under the title on the home page. */
  tagline: z.string().min(3),
  /** Course version; part of the certificate's verification code. */
  version: z.string().regex(/^\d+\.\d+\.\d+$/),
  /** Who runs this copy of the course (shown in the footer and on certificates). */
  publisher: z.string().min(1),
  /** Accent colours for links, buttons and focus rings; omit for the default blue. Checked for contrast. */
  accent: AccentSchema.optional(),
  /** URL path the site is served under; `BASE_PATH` at build time overrides it. */
  basePath: z.string().regex(/^\/([a-z0-9._~-]+\/)*$/, 'must start and end with "/", e.g. /courses/jwt/'),
  /** Lab ids that must all pass before a certificate can be claimed. */
  certificateLabs: z.array(z.string().regex(/^[a-z0-9-]+$/)),
  solutions: SolutionVisibilitySchema,
});

export type CourseConfig = z.infer<typeof CourseConfigSchema>;
export type CourseConfigInput = z.input<typeof CourseConfigSchema>;
