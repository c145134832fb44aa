import { CfnOutput, Lazy, Stack, Token, Tokenization } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';

/**
 * The values a stack publishes to other stacks, each as a named output that consumers read with
 * `Fn::GetStackOutput`, written as data rather than found by aws-cdk-lib.
 *
 * A token used in another stack becomes a cross-stack reference only in aws-cdk-lib's prepare
 * step, which resolves every element of the app to find the references, then adds an output, an
 * import and a recorded stack-dependency reason per reference (core/lib/private/refs.js). vend's
 * per-account values (OU ids, account ids, permission-set ARNs) are read ~14,000 times at 2,000
 * accounts; published here they cost one output per value and one dependency per pair of stacks,
 * and the template is the one the weak references vend asks for produce
 * (`@aws-cdk/core:defaultCrossStackReferences: weak`: `Fn::GetStackOutput` with the producer's
 * stack name and region, no export to lock the producer). Test: "published values".
 */
export class StackOutputs {
  private readonly reads = new Map<string, { value: string; read: string }>();
  private readonly consumers = new Set<Stack>();

  /**
   * @param emit writes the output `name` with `value` into the producer's template; by default a
   *   `CfnOutput` (a stack that writes its resources as data writes its outputs so too).
   */
  constructor(
    private readonly producer: Stack,
    private readonly emit: (name: string, value: string) => void = (name, value) => new CfnOutput(producer, name, { value }),
  ) {}

  /**
   * `value` as whichever stack uses it reads it, for values handed out before their consumers
   * exist (the Central account id, read by most stacks): resolved per use, it becomes `read` in the
   * using stack during aws-cdk-lib's prepare step, which resolves every element before templates
   * are written (core/lib/private/synthesis.js: prepareApp, then synthesizeTree), so the output and
   * the stack dependency exist by the time the templates and the manifest are written.
   */
  readAnywhere(name: string, value: string): string {
    return Lazy.uncachedString({ produce: (context) => this.read(context.scope, name, value) });
  }

  /**
   * `value` (a token of the producer) as the stack of `scope` reads it: the value itself within
   * the producer, elsewhere the producer's output `name` (created on first use), with the
   * consumer depending on the producer. `name` is the output's logical id: letters and digits,
   * derived from what the value is (never a list position), one value per name.
   */
  read(scope: IConstruct, name: string, value: string): string {
    const consumer = Stack.of(scope);
    if (consumer === this.producer) return value;
    if (!this.consumers.has(consumer)) {
      consumer.addStackDependency(this.producer, 'reads its published outputs');
      this.consumers.add(consumer);
    }
    const known = this.reads.get(name);
    if (known) {
      if (known.value !== value) throw new Error(`${this.producer.stackName} publishes two values as output '${name}'`);
      return known.read;
    }
    if (!/^[A-Za-z0-9]{1,255}$/.test(name)) throw new Error(`output name '${name}' of ${this.producer.stackName} is not a CloudFormation logical id`);
    this.emit(name, value);
    const read = Token.asString({ 'Fn::GetStackOutput': { StackName: this.producer.stackName, Region: this.producer.region, OutputName: name } });
    this.reads.set(name, { value, read });
    return read;
  }
}

/**
 * A value for a template property written as data (a raw `CfnResource` property, a list given as
 * one resolvable): a whole-string token as the object it stands for, which aws-cdk-lib resolves
 * as is, instead of the string it decodes by regex in each of its two resolve passes; any other
 * string as itself.
 */
export function resolvedForm(value: string): unknown {
  const fragments = Tokenization.reverseString(value);
  return fragments.length === 1 && fragments.firstToken ? fragments.firstToken : value;
}
