// The cloud assembly as `cdk synth` writes it, made in this process the way bin/hub.ts makes it for
// the CLI (buildApp, with bundling and the cdk-nag packs), into a folder outside the project, so
// that a bundle that needed the project's node_modules would fail to load, as on Lambda.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { buildApp } from '../../bin/hub.ts';
import type { Template, Templates } from './template.ts';

interface AssetManifest {
  files?: Record<string, { source: { path: string }; destinations: Record<string, { objectKey: string }> }>;
  dockerImages?: Record<
    string,
    { source: { directory: string; dockerFile?: string }; destinations: Record<string, { imageTag: string }> }
  >;
}

export interface Assembly {
  outdir: string;
  deployment: string;
  hubStack: string;
  stateStack: string;
  templates: Templates;
  /** The folder of a function's code asset (what Lambda unzips into /var/task). */
  codeOf(logicalId: string): string;
  /** The Docker build context and Dockerfile of a container image the template names. */
  imageOf(image: unknown): { context: string; dockerFile: string };
}

/** Synthesises the app from a configuration file into `outdir`, bundling every function. */
export function synthesise(configPath: string, outdir: string): Assembly {
  const app = new App({ outdir, context: { config: configPath } });
  const { config, hub, state } = buildApp(app);
  app.synth();
  const read = <T>(file: string): T => JSON.parse(readFileSync(join(outdir, file), 'utf8')) as T;
  const templates = {
    hub: read<Template>(`${hub.artifactId}.template.json`),
    state: read<Template>(`${state.artifactId}.template.json`),
  };
  const assets = read<AssetManifest>(`${hub.artifactId}.assets.json`);
  return {
    outdir,
    deployment: config.deployment,
    hubStack: hub.stackName,
    stateStack: state.stackName,
    templates,
    codeOf: (logicalId) => {
      const code = templates.hub.Resources[logicalId]?.Properties?.Code as { S3Key?: unknown } | undefined;
      const key = code?.S3Key;
      const asset = Object.values(assets.files ?? {}).find((file) =>
        Object.values(file.destinations).some((destination) => destination.objectKey === key),
      );
      if (asset === undefined) throw new Error(`${logicalId}: no file asset for its code (${String(key)})`);
      return join(outdir, asset.source.path);
    },
    imageOf: (image) => {
      const text = typeof image === 'string' ? image : JSON.stringify(image);
      const entry = Object.values(assets.dockerImages ?? {}).find((docker) =>
        Object.values(docker.destinations).some(
          (destination) =>
            text.endsWith(`:${destination.imageTag}"}`) || text.endsWith(`:${destination.imageTag}`),
        ),
      );
      if (entry === undefined) throw new Error(`no container image asset for ${text}`);
      return {
        context: join(outdir, entry.source.directory),
        dockerFile: entry.source.dockerFile ?? 'Dockerfile',
      };
    },
  };
}
