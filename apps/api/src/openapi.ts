import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';

/** `/docs` (UI) and `/docs-json` (OpenAPI 3); each route carries its RAM action as `x-ram-action`. */
export function mountOpenApi(app: INestApplication): void {
  const config = new DocumentBuilder()
    .setTitle('Access Ledger')
    .setDescription(
      'Event-sourced identity and access governance with RAM policies. Every route lists the RAM action ' +
        '(x-ram-action) and resource (x-ram-resource) it is authorized against.',
    )
    .setVersion('1')
    .addBearerAuth(
      { type: 'http', scheme: 'bearer', description: 'Root token, console session or STS token' },
      'bearer',
    )
    .addApiKey(
      {
        type: 'apiKey',
        in: 'header',
        name: 'Authorization',
        description: 'AccessKey <accessKeyId>:<accessKeySecret>',
      },
      'accessKey',
    )
    .build();
  SwaggerModule.setup('docs', app, () => SwaggerModule.createDocument(app, config), {
    jsonDocumentUrl: 'docs-json',
  });
}
