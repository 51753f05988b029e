// A Cloudflare Worker (or any runtime with fetch and Web Crypto and no Node built-ins) calling the API through
// the package. The keys come from the Worker's secrets: there are no profile files and no process.env there.
//
//   npx esbuild examples/worker.mjs --bundle --format=esm --platform=neutral --conditions=workerd,worker --outfile=dist/worker.js
//   npx wrangler secret put SCLOUD_PUBLIC_KEY; npx wrangler secret put SCLOUD_PRIVATE_KEY; npx wrangler deploy dist/worker.js
//
// No nodejs_compat flag is needed. test/examples/example.test.ts runs this file in workerd (Miniflare) against a
// local server that checks every signature.
import { ApiError, Client } from 'scloud-sdk';
import { createCustomImage } from 'scloud-sdk/uhost';

export default {
  async fetch(request, env) {
    const client = new Client({
      publicKey: env.SCLOUD_PUBLIC_KEY,
      privateKey: env.SCLOUD_PRIVATE_KEY,
      region: env.SCLOUD_REGION ?? 'cn-bj2',
      baseUrl: env.SCLOUD_BASE_URL, // unset: the real API
    });
    const image = await createCustomImage(client, { UHostId: 'uhost-1', ImageName: 'web', DataUDiskIds: ['bs-1'] });
    let other;
    try {
      await client.call('DescribeUHostInstance', { Limit: 10 });
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      other = `${error.name} ${error.retCode}`;
    }
    return Response.json({ imageId: image.ImageId, other, userAgent: request.headers.get('user-agent') });
  },
};
