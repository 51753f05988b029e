#!/usr/bin/env node
// Runnable example: starts a local SCloud-like API on 127.0.0.1 (it checks every signature) and calls the
// seed action CreateCustomImage through the built package, then any action through client.call().
//
//   npm run build && node examples/create-custom-image.mjs
//
// Against the real API drop `baseUrl` and set SCLOUD_PUBLIC_KEY / SCLOUD_PRIVATE_KEY (or ~/.ucloud profiles).
import { createHash } from 'node:crypto';
import { createServer } from 'node:http';
import { ApiError, Client } from 'scloud-sdk';
import { createCustomImage } from 'scloud-sdk/uhost';

const publicKey = 'example-public-key';
const privateKey = 'example-private-key';

/** The API's signing rule, written out independently: sorted key+value, private key appended, SHA1 hex. */
function sign(params) {
  const text = Object.keys(params).filter((k) => k !== 'Signature').sort().map((k) => k + params[k]).join('');
  return createHash('sha1').update(text + privateKey).digest('hex');
}

const server = createServer((req, res) => {
  let body = '';
  req.setEncoding('utf8');
  req.on('data', (chunk) => (body += chunk));
  req.on('end', () => {
    const params = Object.fromEntries(new URLSearchParams(body));
    console.log('server received', { ...params, Signature: '<checked>' });
    const answer = params.Signature !== sign(params)
      ? { RetCode: 171, Message: 'Signature VerifyAC Error' }
      : params.Action === 'CreateCustomImage'
        ? { RetCode: 0, Action: 'CreateCustomImageResponse', ImageId: 'uimage-example' }
        : { RetCode: 230, Message: `Action ${params.Action} is not implemented by this example server` };
    res.writeHead(200, { 'content-type': 'application/json', 'x-ucloud-request-uuid': 'req-example-1' });
    res.end(JSON.stringify(answer));
  });
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const baseUrl = `http://127.0.0.1:${server.address().port}`;

const client = new Client({ publicKey, privateKey, region: 'cn-bj2', zone: 'cn-bj2-04', projectId: 'org-example', baseUrl, timeout: 5_000 });
try {
  const image = await createCustomImage(client, { UHostId: 'uhost-1', ImageName: 'web', DataUDiskIds: ['bs-1'] });
  console.log('createCustomImage ->', image);
  await client.call('DescribeUHostInstance', { Limit: 10 });
} catch (error) {
  if (!(error instanceof ApiError)) throw error;
  console.log(`client.call -> ${error.name}: ${error.message}`);
} finally {
  client.close();
  server.close();
}
