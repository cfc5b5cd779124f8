import { z } from 'astro/zod';

/** One answer a learner can pick, with the reason it is right or wrong (shown after checking). */
const QuizChoiceSchema = z.strictObject({
  /** The answer text; `backticks` render as code. */
  text: z.string().min(1),
  /** Whether picking this answer is part of the right answer. */
  correct: z.boolean().default(false),
  /** Why this answer is right or wrong: one or two sentences that teach, not "Wrong!". */
  why: z.string().min(10),
});

/** A question: one correct choice renders as radio buttons, several as checkboxes ("select all"). */
const QuizQuestionSchema = z
  .strictObject({
    prompt: z.string().min(5),
    choices: z.array(QuizChoiceSchema).min(2).max(6),
  })
  .refine((q) => q.choices.some((c) => c.correct), {
    message: 'a question needs at least one correct choice',
  })
  .refine((q) => q.choices.some((c) => !c.correct), {
    message: 'a question needs at least one wrong choice',
  });

/** `content/NN-module/NN-lesson.quiz.yaml`: the knowledge check of one lesson. */
export const QuizSchema = z.strictObject({
  questions: z.array(QuizQuestionSchema).min(2).max(8),
});

export type Quiz = z.infer<typeof QuizSchema>;
