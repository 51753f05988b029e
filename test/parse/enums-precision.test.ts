/**
 * Precision of allowed-value extraction on the real corpus (../shared/corpus/zh): a hand-checked sample of
 * fields across all ten products, each with the exact list the description states (checked against its text),
 * and `null` where none must be taken: ranges, conditional lists, example lists, open or garbled lists, booleans,
 * objects, a list cut short by a later sentence (uphost CreatePHost Cluster); plus a few known misses, lists
 * in a form not read (IKEAuthenticationAlgorithm, OsType `返回"Linux"或者"Windows"`, LbClass `可选ulb nlb`). Also the corpus-wide floor: at least 150
 * fields carry allowed values in the spec and as literal unions in the generated client.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateFiles } from '../../generator/engine/library.js';
import { parseDocs } from '../../generator/engine/library.js';
import type { ActionSpec, Field } from '../../generator/spec/model.js';

const CORPUS = join(import.meta.dirname, '..', '..', '..', 'shared', 'corpus', 'zh');
const HAVE = existsSync(CORPUS);
if (!HAVE) console.log('skipped: ../shared/corpus not found (allowed-value precision suite)');

/** `<product>/<Action>.<request|response|Model>.<Field>[.<SubField>]` -> the field, for every spec. */
function fieldIndex(specs: ActionSpec[]): Map<string, Field> {
  const out = new Map<string, Field>();
  const walk = (fs: Field[], path: string): void => {
    for (const f of fs) {
      out.set(`${path}.${f.name}`, f);
      if (f.fields) walk(f.fields, `${path}.${f.name}`);
      for (let t = f.items; t; t = t.items) if (t.fields) walk(t.fields, `${path}.${f.name}`);
    }
  };
  for (const s of specs) {
    walk(s.request, `${s.product}/${s.action}.request`);
    walk(s.response, `${s.product}/${s.action}.response`);
    for (const m of s.models) walk(m.fields, `${s.product}/${s.action}.${m.name}`);
  }
  return out;
}

const SAMPLE: [string, string[] | null][] = [
  ['cube/GetCubePrice.request.ChargeType', ['Year', 'Month', 'Dynamic', 'Postpay']],
  ['ipsecvpn/CreateVPNGateway.request.Grade', ['Standard', 'Enhanced']],
  ['ipsecvpn/CreateVPNTunnel.request.IKEExchangeMode', ['main', 'aggressive']],
  ['ipsecvpn/CreateVPNTunnel.request.IKELocalId', null],
  ['ipsecvpn/CreateVPNTunnel.request.IKEDhGroup', ['1', '2', '5', '14', '15', '16']],
  ['ipsecvpn/CreateVPNTunnel.request.IPSecPFSDhGroup', null],
  ['ipsecvpn/CreateVPNTunnel.request.IKEAuthenticationAlgorithm', null],
  ['ipsecvpn/UpdateVPNTunnelAttribute.request.IKEExchangeMode', null],
  ['ipsecvpn/CreateVPNTunnel.request.IKESALifetime', null],
  ['udisk/DescribeUDisk.request.HostProduct', ['uhost', 'uphost']],
  ['udisk/DescribeUDisk.request.DiskType', null],
  ['udisk/DescribeUDiskPrice.request.MachineType', ['N', 'C', 'G', 'O', 'OM']],
  ['udisk/DescribeUDisk.UDiskDataSet.Version', ['2.0', '1.0']],
  ['udisk/DescribeUDisk.UDiskDataSet.BackupMode', ['SnapshotService', 'UDataArk', '']],
  ['udisk/DescribeUDiskSnapshot.UDiskSnapshotSet.DiskType', ['0', '1', '2', '3', '4', '5']],
  ['udisk/DescribeUDisk.response.DataSet', null],
  ['uhost/CreateUHostInstance.request.Disks.IsBoot', ['True', 'False']],
  ['uhost/CreateUHostInstance.request.Disks.BackupType', ['NONE', 'SNAPSHOT']],
  ['uhost/CreateUHostInstance.request.ChargeType', ['Year', 'Month', 'Dynamic', 'Postpay', 'Spot']],
  [
    'uhost/CreateUHostInstance.request.GpuType',
    [
      'K80',
      'P40',
      'V100',
      'T4',
      'T4A',
      'T4S',
      '2080Ti',
      '2080Ti-4C',
      '1080Ti',
      'T4/4',
      'V100S',
      '2080',
      '2080TiS',
      '2080TiPro',
      '3090',
      '4090',
      '4090Pro',
      '4090_48G',
      'A100',
      'A800',
      'H20',
    ],
  ],
  ['uhost/CreateUHostInstance.request.MachineType', ['N', 'C', 'G', 'O', 'OM', 'OMEM', 'OPRO', 'OPROG']],
  ['uhost/CreateUHostInstance.request.NetworkInterface.EIP.OperatorName', null],
  ['uhost/CreateUHostInstance.request.NetworkInterface.EIP.PayMode', ['Traffic', 'Bandwidth', 'ShareBandwidth', 'Free']],
  ['uhost/CreateUHostInstance.request.AutoDataDiskInit', ['On', 'Off']],
  ['uhost/CreateUHostInstance.request.UHostFamily', null],
  ['uhost/CreateUHostInstance.request.MaxCount', null],
  ['uhost/CreateUHostInstance.request.LoginMode', null],
  ['uhost/CreateUHostInstance.request.Memory', null],
  ['uhost/DescribeUHostInstance.UHostInstanceSet.State', ['Initializing', 'Starting', 'Running', 'Stopping', 'Stopped', 'Install Fail', 'Rebooting', '']],
  ['uhost/DescribeUHostInstance.UHostInstanceSet.TimemachineFeature', ['Yes', 'no']],
  ['uhost/DescribeUHostInstance.UHostInstanceSet.HotplugFeature', null],
  ['uhost/DescribeUHostInstance.UHostInstanceSet.OsType', null],
  ['uhost/GetUHostInstancePrice.request.ChargeType', ['Year', 'Month', 'Dynamic', 'Spot']],
  ['uhost/GetUHostInstancePrice.request.CpuPlatform', ['Intel', 'Amd']],
  ['uhost/ResizeUHostInstance.request.NetCapValue', null],
  ['uhost/ImportCustomImage.request.Format', ['RAW', 'VHD', 'VMDK', 'qcow2']],
  ['uhost/DescribeImage.request.ImageType', ['Base', 'Business', 'Custom']],
  [
    'uk8s/CreateUK8SClusterV2.request.Nodes.MinimalCpuPlatform',
    ['Intel/Auto', 'Intel/IvyBridge', 'Intel/Haswell', 'Intel/Broadwell', 'Intel/Skylake', 'Intel/Cascadelake'],
  ],
  ['uk8s/CreateUK8SClusterV2.request.Nodes.MachineType', null],
  ['uk8s/CreateUK8SClusterV2.request.ForwardSrcIPMethod', ['', 'Toa']],
  ['uk8s/DelUK8SCluster.request.ReleaseUDisk', null],
  ['uk8s/DescribeUK8SCluster.response.CNIMode', ['VPC', 'Calico']],
  [
    'uk8s/ListUK8SClusterNodeV2.NodeInfoV2.NodeStatus',
    ['Initializing', 'Starting', 'Running', 'Stopping', 'Stopped', 'ToBeDeleted', 'Deleting', 'Error', 'Install Fail'],
  ],
  [
    'uk8s/ListUK8SClusterV2.ClusterSet.Status',
    [
      'INITIALIZING',
      'STARTING',
      'CREATEFAILED',
      'RUNNING',
      'ADDNODE',
      'DELNODE',
      'DELETING',
      'DELETEFAILED',
      'ERROR',
      'UPDATE_PLUGIN',
      'UPDATE_PLUGIN_INFO',
      'ABNORMAL',
      'UPGRADING',
      'CONVERTING',
    ],
  ],
  ['uk8s/AddUK8SUHostNode.request.NetworkInterface.EIP.OperatorName', ['International', 'Bgp']],
  ['uk8s/CreateUK8SClusterV2.request.LbClass', null],
  ['ulb/CreateListener.request.Scheduler', ['Roundrobin', 'Source', 'WeightRoundrobin', 'Leastconn', 'Backup']],
  ['ulb/CreateListener.request.HealthCheckConfig.Type', null],
  ['ulb/DescribeListeners.Listener.TargetProtocol', ['HTTP', 'HTTPS', 'GRPC']],
  ['ulb/DescribeListeners.HostConfigSet.MatchMode', ['Regular', 'Wildcard']],
  ['ulb/CreateRule.request.RuleActions.CorsConfig.AllowMethods', ['GET', 'POST', 'PUT', 'DELETE', 'HEAD', 'OPTIONS', 'PATCH']],
  ['ulb/CreateRule.request.RuleActions.InsertHeaderConfig.Value', null],
  ['ulb/CreateRule.request.RuleActions.InsertHeaderConfig.ValueType', ['UserDefined', 'ReferenceHeader', 'SystemDefined']],
  ['ulb/DescribeULB.ULBBackendSet.Enabled', ['0', '1']],
  ['ulb/DescribeULB.ULBBackendSet.Status', ['0', '1']],
  ['ulb/DescribeULB.ULBIPSet.OperatorName', null],
  ['ulb/DescribeULB.ULBIPSet.BandwidthType', ['1', '0']],
  ['ulb/DescribeULB.ULBSet.IPVersion', ['IPv6', 'IPv4']],
  ['ulb/DescribeLoadBalancers.IPInfo.OperatorName', ['Telecom', 'Unicom', 'International', 'Bgp', 'Duplet', 'BGPPro', 'China-mobile', 'Anycast']],
  ['ulb/AddTargets.request.Targets.Port', null],
  [
    'ulb/CreateVServer.request.Method',
    ['Roundrobin', 'Source', 'ConsistentHash', 'SourcePort', 'ConsistentHashPort', 'WeightRoundrobin', 'Leastconn', 'Backup'],
  ],
  ['ulb/CreateListener.request.StickinessConfig.CookieName', null],
  ['ulb/DescribeULB.ULBSet.SubnetId', null],
  ['ulb/CreateVServer.request.EnableCompression', ['0', '1']],
  ['umem/DescribeUMemBlockInfo.response.ReadMode', ['Custom', 'Uniform', 'ReadOnly']],
  [
    'umem/DescribeUDRedisProxyInfo.UDRedisProxyInfo.State',
    ['PROXY_CREATING', 'PROXY_NORMAL', 'PROXY_FAILED', 'PROXY_CLOSED', 'PROXY_INIT_RESIZE', 'PROXY_WAIT_RESIZE', 'PROXY_RESIZING', 'PROXY_RESIZE_ERROR'],
  ],
  ['umem/CreateUMemSpace.request.Protocol', null],
  ['umem/DescribeURedisPrice.request.Size', null],
  ['unet/AllocateEIP.request.OperatorName', ['International', 'BGP', 'BGPPro', 'Native', 'Resident']],
  ['unet/AllocateEIP.request.PayMode', ['Traffic', 'Bandwidth', 'ShareBandwidth']],
  [
    'unet/BindEIP.request.ResourceType',
    ['uhost', 'ulb', 'upm', 'hadoophost', 'fortresshost', 'udockhost', 'udhost', 'natgw', 'udb', 'vpngw', 'ucdr', 'dbaudit', 'uni', 'cube'],
  ],
  ['unet/DescribeEIP.UnetEIPSet.ChargeType', ['Year', 'Month', 'Dynamic', 'Trial']],
  ['unet/DescribeFirewall.FirewallDataSet.Type', ['user defined', 'recommend web', 'recommend non web']],
  ['unet/DescribeFirewallResource.ResourceSet.ResourceType', ['unatgw', 'uhost', 'upm', 'hadoophost', 'fortresshost', 'udhost', 'udockhost', 'dbaudit', 'uni']],
  ['unet/GetEIPExclusiveUTPInfo.EIPExclusiveInfo.ResetPolicy', ['Day', 'Month', 'Year']],
  ['unet/DescribeShareBandwidth.UnetShareBandwidthSet.AutoRenew', ['Yes', 'No']],
  ['uphost/CreatePHost.request.Cluster', null],
  ['uphost/GetPHostPrice.request.Cluster', ['1G', '10G', '25G']],
  ['uphost/CreatePHost.request.Disks.Type', ['CLOUD_RSSD']],
  ['uphost/DescribePHost.PHostSet.PhostClass', ['LocalDisk', 'CloudDisk']],
  ['uphost/GetPHostDiskUpgradePrice.request.ReinstallTag', null],
  ['uphost/DescribeBaremetalMachineType.PHostCloudMachineTypeSetV2.Price', null],
  ['uaccount/DescribeMemberList.MemberInfo.IsAdmin', ['0', '1']],
  ['uaccount/InviteSubaccount.request.IsFinance', ['true', 'false']],
];

describe.skipIf(!HAVE)('allowed values: precision on the corpus', () => {
  it('every sampled field has exactly the hand-checked list (or none)', { timeout: 120_000 }, async () => {
    const parsed = await parseDocs(CORPUS);
    const fields = fieldIndex(parsed.specs);
    const got = SAMPLE.map(([path]) => [path, fields.has(path) ? (fields.get(path)!.enum ?? null) : 'missing field'] as const);
    expect(got).toEqual(SAMPLE);
    const lists = SAMPLE.filter(([, v]) => v !== null).length;
    expect(SAMPLE.length).toBeGreaterThanOrEqual(60);
    expect(new Set(SAMPLE.map(([p]) => p.split('/')[0])).size).toBe(10);
    console.log(`allowed-value precision: ${lists}/${lists} sampled lists exact, ${SAMPLE.length - lists} negatives yield none`);
  });

  it('at least 150 fields carry allowed values in the spec and as literal unions in the client', { timeout: 120_000 }, async () => {
    const parsed = await parseDocs(CORPUS);
    const withValues = [...fieldIndex(parsed.specs).values()].filter((f) => f.enum !== undefined).length;
    const { files } = await generateFiles(parsed.specs);
    let unions = 0;
    for (const [rel, text] of files) if (rel.endsWith('.ts')) unions += (text.match(/\| \((?:string|number) & \{\}\)/g) ?? []).length;
    console.log(`allowed values: ${withValues} spec fields, ${unions} literal unions in the client`);
    expect(withValues).toBeGreaterThanOrEqual(150);
    expect(unions).toBeGreaterThanOrEqual(150);
  });
});
