/** The CDK app: one stack, checked by cdk-nag's AWS Solutions rules. `npx cdk synth` needs no AWS credentials. */
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { AwardPipelineStack } from './stack';

export function buildApp(context: Record<string, unknown> = {}): { app: App; stack: AwardPipelineStack } {
  // CloudFormation's own validation (resource property patterns) fails synthesis, as cdk-nag's findings do.
  const app = new App({ context: { '@aws-cdk/core:validateAgainstDefaultRules': true, ...context } });
  const stack = new AwardPipelineStack(app, 'AwardPipeline', {
    description: 'award-pipeline: quality-award policies turned into awards paid exactly once',
  });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return { app, stack };
}

if (process.env.CDK_OUTDIR !== undefined) {
  buildApp().app.synth();
}
