// Reading a synthesised cloud assembly as the deployed shape: the hub and state templates, what each
// function and container is given in its environment, with every reference to a table, queue or
// other resource resolved to the local emulators' stand-in, made from the same shared definitions.
// A reference with no local stand-in (a KMS key, a secret, anything new) is an error that names
// the variable and the resource: the check must not run a function with a value made up here.

/** A CloudFormation template, as synth writes it. */
export interface Template {
  Resources: Record<string, Resource>;
  Outputs?: Record<string, { Value: unknown; Export?: { Name: unknown } }>;
}

export interface Resource {
  Type: string;
  Properties?: Record<string, unknown>;
  Metadata?: Record<string, unknown>;
}

/** The local stand-ins of the deployed resources, by their physical names. */
export interface LocalResources {
  /** The region and account the templates' pseudo parameters take. */
  region: string;
  account: string;
  /** A table's name as the template names it → its local name (the same, from the same definitions). */
  table(name: string): { name: string; arn: string } | undefined;
  /** A queue's name as the template names it → its local URL and ARN. */
  queue(name: string): { url: string; arn: string } | undefined;
}

export class UnresolvableError extends Error {
  override readonly name = 'UnresolvableError';
}

/** The hub template, and the state template whose exports it imports. */
export interface Templates {
  hub: Template;
  state: Template;
}

type Scope = { template: Template; label: string };

/** A template value with every intrinsic function resolved against the local resources. */
export function resolveValue(
  value: unknown,
  scope: Scope,
  templates: Templates,
  local: LocalResources,
): unknown {
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  if (Array.isArray(value)) return value.map((item) => resolveValue(item, scope, templates, local));
  if (typeof value !== 'object' || value === null) return value;
  const object = value as Record<string, unknown>;
  const keys = Object.keys(object);
  if (keys.length === 1) {
    const [key] = keys as [string];
    const argument = object[key];
    if (key === 'Ref') return resolveRef(String(argument), scope, local);
    if (key === 'Fn::GetAtt') {
      const [id, attribute] = argument as [string, string];
      return resolveGetAtt(id, attribute, scope, local);
    }
    if (key === 'Fn::ImportValue') return resolveImport(argument, scope, templates, local);
    if (key === 'Fn::Join') {
      const [separator, parts] = argument as [string, unknown[]];
      return parts.map((part) => String(resolveValue(part, scope, templates, local))).join(separator);
    }
    if (key.startsWith('Fn::')) throw new UnresolvableError(`${scope.label}: ${key} has no local resolution`);
  }
  return Object.fromEntries(
    Object.entries(object).map(([key, inner]) => [key, resolveValue(inner, scope, templates, local)]),
  );
}

function resourceOf(id: string, scope: Scope): Resource {
  const resource = scope.template.Resources[id];
  if (resource === undefined) throw new UnresolvableError(`${scope.label}: no resource ${id}`);
  return resource;
}

function named(resource: Resource, property: string, id: string, scope: Scope): string {
  const name = resource.Properties?.[property];
  if (typeof name !== 'string') {
    throw new UnresolvableError(
      `${scope.label}: ${id} (${resource.Type}) has no ${property} of its own: the hub names every table and queue (functions/platform/resources.ts)`,
    );
  }
  return name;
}

function localTable(id: string, scope: Scope, local: LocalResources) {
  const name = named(resourceOf(id, scope), 'TableName', id, scope);
  const table = local.table(name);
  if (table === undefined)
    throw new UnresolvableError(
      `${scope.label}: table ${name} (${id}) is not made by the shared definitions`,
    );
  return table;
}

function localQueue(id: string, scope: Scope, local: LocalResources) {
  const name = named(resourceOf(id, scope), 'QueueName', id, scope);
  const queue = local.queue(name);
  if (queue === undefined)
    throw new UnresolvableError(`${scope.label}: queue ${name} (${id}) has no local queue`);
  return queue;
}

function resolveRef(id: string, scope: Scope, local: LocalResources): string {
  if (id === 'AWS::Region') return local.region;
  if (id === 'AWS::AccountId') return local.account;
  if (id === 'AWS::Partition') return 'aws';
  if (id === 'AWS::URLSuffix') return 'amazonaws.com';
  const resource = resourceOf(id, scope);
  if (resource.Type === 'AWS::DynamoDB::Table') return localTable(id, scope, local).name;
  if (resource.Type === 'AWS::SQS::Queue') return localQueue(id, scope, local).url;
  throw new UnresolvableError(`${scope.label}: Ref ${id} (${resource.Type}) has no local stand-in`);
}

function resolveGetAtt(id: string, attribute: string, scope: Scope, local: LocalResources): string {
  const resource = resourceOf(id, scope);
  const at = `${id}.${attribute} (${resource.Type})`;
  if (resource.Type === 'AWS::DynamoDB::Table' && attribute === 'Arn')
    return localTable(id, scope, local).arn;
  if (resource.Type === 'AWS::SQS::Queue') {
    const queue = localQueue(id, scope, local);
    if (attribute === 'Arn') return queue.arn;
    if (attribute === 'QueueUrl') return queue.url;
    if (attribute === 'QueueName') return named(resource, 'QueueName', id, scope);
  }
  if (resource.Type === 'AWS::EC2::VPC' && attribute === 'CidrBlock')
    return named(resource, 'CidrBlock', id, scope);
  throw new UnresolvableError(`${scope.label}: Fn::GetAtt ${at} has no local stand-in`);
}

function resolveImport(name: unknown, scope: Scope, templates: Templates, local: LocalResources): unknown {
  const exported = Object.entries(templates.state.Outputs ?? {}).find(
    ([, output]) => output.Export !== undefined && output.Export.Name === name,
  );
  if (exported === undefined)
    throw new UnresolvableError(`${scope.label}: Fn::ImportValue ${JSON.stringify(name)} is not exported`);
  return resolveValue(exported[1].Value, { template: templates.state, label: scope.label }, templates, local);
}

/** A function's environment as the template gives it, each reference resolved. */
export function functionEnvironment(
  templates: Templates,
  logicalId: string,
  local: LocalResources,
): Record<string, string> {
  const fn = templates.hub.Resources[logicalId];
  if (fn?.Type !== 'AWS::Lambda::Function')
    throw new Error(`${logicalId} is not a function of the hub template`);
  const variables = ((fn.Properties?.Environment as { Variables?: Record<string, unknown> } | undefined)
    ?.Variables ?? {}) as Record<string, unknown>;
  return Object.fromEntries(
    Object.entries(variables).map(([name, value]) => [
      name,
      String(
        resolveValue(value, { template: templates.hub, label: `${logicalId} ${name}` }, templates, local),
      ),
    ]),
  );
}

/** A container's environment as its task definition gives it, each reference resolved. */
export function containerEnvironment(
  templates: Templates,
  taskDefinitionId: string,
  local: LocalResources,
): { name: string; image: unknown; environment: Record<string, string> } {
  const task = templates.hub.Resources[taskDefinitionId];
  const containers = (task?.Properties?.ContainerDefinitions ?? []) as {
    Name: string;
    Image: unknown;
    Environment?: { Name: string; Value: unknown }[];
  }[];
  const [container, ...others] = containers;
  if (container === undefined || others.length > 0)
    throw new Error(`${taskDefinitionId}: expected one container, found ${containers.length}`);
  const environment = Object.fromEntries(
    (container.Environment ?? []).map(({ Name, Value }) => [
      Name,
      String(
        resolveValue(
          Value,
          { template: templates.hub, label: `${taskDefinitionId} ${Name}` },
          templates,
          local,
        ),
      ),
    ]),
  );
  return { name: container.Name, image: container.Image, environment };
}

/** The resources of one type in a template, by logical id. */
export function resourcesOf(template: Template, type: string): [string, Resource][] {
  return Object.entries(template.Resources).filter(([, resource]) => resource.Type === type);
}

/** Whether a value (a template fragment) refers to the resource `id` with Ref or Fn::GetAtt. */
export function refersTo(value: unknown, id: string): boolean {
  if (Array.isArray(value)) return value.some((item) => refersTo(item, id));
  if (typeof value !== 'object' || value === null) return false;
  const object = value as Record<string, unknown>;
  if (object.Ref === id) return true;
  const getAtt = object['Fn::GetAtt'];
  if (Array.isArray(getAtt) && getAtt[0] === id) return true;
  return Object.values(object).some((inner) => refersTo(inner, id));
}

/**
 * How the check drives each function of the hub template: by the HTTP API route whose integration
 * targets it, by the SQS event source mappings that feed it, or not at all. A function driven by
 * neither is a deploy-time custom resource provider only when custom resources are all that refer
 * to it (CloudFormation calls it while deploying); any other is `undriven`, and fails the check.
 */
export interface FunctionPlan {
  logicalId: string;
  handler: string;
  routes: string[];
  eventSources: string[];
  kind: 'http' | 'sqs' | 'deploy-time' | 'undriven';
}

export function planFunctions(hub: Template): FunctionPlan[] {
  const integrations = resourcesOf(hub, 'AWS::ApiGatewayV2::Integration');
  const routes = resourcesOf(hub, 'AWS::ApiGatewayV2::Route');
  const mappings = resourcesOf(hub, 'AWS::Lambda::EventSourceMapping');
  return resourcesOf(hub, 'AWS::Lambda::Function').map(([logicalId, fn]) => {
    const integrationIds = integrations
      .filter(([, integration]) => refersTo(integration.Properties?.IntegrationUri, logicalId))
      .map(([id]) => id);
    const routeKeys = routes
      .filter(([, route]) => integrationIds.some((id) => refersTo(route.Properties?.Target, id)))
      .map(([, route]) => String(route.Properties?.RouteKey));
    const eventSources = mappings
      .filter(([, mapping]) => refersTo(mapping.Properties?.FunctionName, logicalId))
      .map(([id]) => id);
    const referrers = Object.entries(hub.Resources).filter(
      ([id, resource]) => id !== logicalId && refersTo(resource.Properties, logicalId),
    );
    const deployTimeOnly =
      referrers.length > 0 &&
      referrers.every(
        ([, resource]) =>
          resource.Type.startsWith('Custom::') ||
          resource.Type === 'AWS::CloudFormation::CustomResource' ||
          // The provider's own role and log settings.
          resource.Type === 'AWS::IAM::Role' ||
          resource.Type === 'AWS::IAM::Policy',
      ) &&
      referrers.some(
        ([, resource]) =>
          resource.Type.startsWith('Custom::') || resource.Type === 'AWS::CloudFormation::CustomResource',
      );
    const kind =
      routeKeys.length > 0
        ? 'http'
        : eventSources.length > 0
          ? 'sqs'
          : deployTimeOnly
            ? 'deploy-time'
            : 'undriven';
    return { logicalId, handler: String(fn.Properties?.Handler), routes: routeKeys, eventSources, kind };
  });
}

/** The functions the check must have run and did not, each with why it counts. */
export function notExercised(plans: readonly FunctionPlan[], invoked: ReadonlyMap<string, number>): string[] {
  return plans
    .filter((plan) => plan.kind !== 'deploy-time' && (invoked.get(plan.logicalId) ?? 0) === 0)
    .map((plan) =>
      plan.kind === 'undriven'
        ? `${plan.logicalId}: no HTTP route or SQS event source in the template drives it, and the check has no other way to run it`
        : `${plan.logicalId}: driven by ${plan.kind === 'http' ? plan.routes.join(', ') : plan.eventSources.join(', ')}, but never invoked`,
    );
}

/**
 * What is wrong between a template's environment and the bundle given it: a variable the bundle
 * needs that the template does not set (its cold start says `<NAME> is not set`), and a variable the
 * template sets that the bundle never reads (a rename on one side, hidden by a default; judged only
 * after a cold start that succeeded). Variables read by the runtime itself, not the bundle, are
 * `runtimeOwned`.
 */
export function wiringProblems(input: {
  function: string;
  templateVariables: readonly string[];
  variablesRead: ReadonlySet<string>;
  initError?: string;
  runtimeOwned?: readonly string[];
}): string[] {
  const problems: string[] = [];
  for (const match of (input.initError ?? '').matchAll(/\b([A-Z][A-Z0-9_]*) is not set\b/g)) {
    problems.push(`${input.function}: the bundle reads ${match[1]}, which the template does not set`);
  }
  if (input.initError !== undefined) {
    // What a failed cold start did not get to read says nothing: only what it missed counts.
    if (problems.length === 0) problems.push(`${input.function}: cold start failed: ${input.initError}`);
    return problems;
  }
  const owned = new Set(input.runtimeOwned ?? []);
  for (const name of input.templateVariables) {
    if (!owned.has(name) && !input.variablesRead.has(name)) {
      problems.push(`${input.function}: the template sets ${name}, which the bundle never reads`);
    }
  }
  return problems;
}

/** A resolved ARN as the label the recording proxy gives a call's resource: `table:<name>`, `queue:<name>`. */
export function resourceLabel(arn: string): string {
  const table = /:table\/([^/]+(?:\/index\/[^/]+)?)$/.exec(arn);
  if (table !== null) return `table:${table[1]}`;
  const queue = /^arn:[^:]+:sqs:[^:]*:[^:]*:(.+)$/.exec(arn);
  return queue === null ? arn : `queue:${queue[1]}`;
}

/**
 * Every `action resource` a role's policies in the hub template allow, each resource resolved to
 * the local one and labelled as the recording proxy labels calls. Resources given as `*` stay `*`.
 */
export function grantedTo(templates: Templates, roleId: string, local: LocalResources): Set<string> {
  const pairs = new Set<string>();
  for (const [id, policy] of resourcesOf(templates.hub, 'AWS::IAM::Policy')) {
    const roles = (policy.Properties?.Roles ?? []) as { Ref?: string }[];
    if (!roles.some((role) => role.Ref === roleId)) continue;
    const document = policy.Properties?.PolicyDocument as {
      Statement: { Effect: string; Action: unknown; Resource: unknown }[];
    };
    for (const statement of document.Statement) {
      if (statement.Effect !== 'Allow') continue;
      for (const resource of [statement.Resource].flat()) {
        let label: string;
        try {
          label = resourceLabel(
            String(resolveValue(resource, { template: templates.hub, label: id }, templates, local)),
          );
        } catch (error) {
          // A key, say: no code calls it (the services do), so no recorded call can match it.
          if (!(error instanceof UnresolvableError)) throw error;
          label = `unresolved:${JSON.stringify(resource)}`;
        }
        for (const action of [statement.Action].flat()) pairs.add(`${String(action)} ${label}`);
      }
    }
  }
  return pairs;
}
