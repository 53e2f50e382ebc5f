// Powertools logger and metrics shared by every handler. Logs carry ids and counts, never
// personal data: names, birth dates, addresses, NHS numbers and message bodies stay out.
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { METRICS_NAMESPACE } from './resources.ts';

export const logger = new Logger({ serviceName: 'adt-hub' });
export const metrics = new Metrics({ namespace: METRICS_NAMESPACE, serviceName: 'adt-hub' });
