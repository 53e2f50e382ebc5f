// The only CDK App: the stacks are added by the infrastructure issue.
import { App, Stack } from 'aws-cdk-lib';

const app = new App();
new Stack(app, 'AdtHub', { description: 'ADT Hub (empty until the infrastructure lands)' });
app.synth();
