/**
 * Acknowledging cdk-nag (v3) findings. v3 acknowledges each finding by its exact id,
 * e.g. `AwsSolutions-IAM5[Resource::<...>/uploads/*]`, and the id of a resource that
 * comes from another stack is only known after CDK has turned the reference into a
 * cross-stack one (during synthesis). So the id is computed in a construct
 * validation, which runs after references are resolved and before the rule packs.
 */
import { Stack, Validations } from 'aws-cdk-lib';
import { flattenCfnReference } from 'cdk-nag/lib/utils/flatten-cfn-reference';
import type { IConstruct } from 'constructs';

/** The finding id cdk-nag gives a wildcard resource (`Resource::...`) of an IAM policy in `scope`'s stack. */
export function wildcardResourceFinding(scope: IConstruct, resource: string): string {
  return `AwsSolutions-IAM5[Resource::${flattenCfnReference(Stack.of(scope).resolve(resource))}]`;
}

/**
 * Acknowledges AwsSolutions-IAM5 for one wildcard resource (an ARN with `*`) of the
 * policies of `scope` (a role), with the reason a reviewer reads.
 */
export function acknowledgeWildcardResource(scope: IConstruct, resource: string, reason: string): void {
  scope.node.addValidation({
    validate: () => {
      Validations.of(scope).acknowledge({ id: wildcardResourceFinding(scope, resource), reason });
      return [];
    },
  });
}
