/**
 * Progress during synthesis, which is synchronous: a timer cannot fire while it runs, so each
 * stack reports itself as the CDK synthesizes it ("stack N of M"). Each stack's synthesizer is
 * wrapped once; the report is written synchronously by the caller (stderr).
 */
import { Stack, type App, type ISynthesisSession } from 'aws-cdk-lib';

export function reportStackProgress(app: App, progress: (message: string) => void): void {
  const stacks = app.node.findAll().filter((c): c is Stack => Stack.isStack(c));
  stacks.forEach((stack, i) => {
    const synthesizer = stack.synthesizer;
    const synthesize = synthesizer.synthesize.bind(synthesizer);
    synthesizer.synthesize = (session: ISynthesisSession) => {
      progress(`stack ${i + 1} of ${stacks.length}: ${stack.stackName}`);
      synthesize(session);
    };
  });
}
