"""boto3 against the emulator: every call below must parse. Prints a JSON summary for the test to check."""
import json
import sys

import boto3
from botocore.config import Config
from botocore.exceptions import ClientError

ec2 = boto3.client("ec2", endpoint_url=sys.argv[1], region_name="us-east-1", aws_access_key_id="x",
                   aws_secret_access_key="y", config=Config(retries={"max_attempts": 1}))


def code(call, **kwargs):
    try:
        call(**kwargs)
    except ClientError as e:
        return e.response["Error"]["Code"]
    return "OK"


subnet = ec2.describe_subnets(Filters=[{"Name": "cidr-block", "Values": ["10.0.32.0/20"]}])["Subnets"][0]["SubnetId"]
group = ec2.describe_security_groups()["SecurityGroups"][0]["GroupId"]
vpc = ec2.describe_vpcs()["Vpcs"][0]["VpcId"]
instance = ec2.run_instances(ImageId="ami-1", InstanceType="m5.large", MinCount=1, MaxCount=1, SubnetId=subnet)["Instances"][0]
eni = ec2.create_network_interface(SubnetId=subnet, Ipv4PrefixCount=3, Groups=[group], Description="boto3",
                                   TagSpecifications=[{"ResourceType": "network-interface",
                                                       "Tags": [{"Key": "boto3-probe", "Value": "yes"}]}])["NetworkInterface"]
attachment = ec2.attach_network_interface(NetworkInterfaceId=eni["NetworkInterfaceId"], InstanceId=instance["InstanceId"], DeviceIndex=1)
ec2.modify_network_interface_attribute(NetworkInterfaceId=eni["NetworkInterfaceId"],
                                       Attachment={"AttachmentId": attachment["AttachmentId"], "DeleteOnTermination": True})
assigned = ec2.assign_private_ip_addresses(NetworkInterfaceId=eni["NetworkInterfaceId"], Ipv4PrefixCount=2)
for _ in range(6):
    ec2.create_network_interface(SubnetId=subnet, SecondaryPrivateIpAddressCount=1,
                                 TagSpecifications=[{"ResourceType": "network-interface",
                                                     "Tags": [{"Key": "boto3-probe", "Value": "yes"}]}])
pages = list(ec2.get_paginator("describe_network_interfaces").paginate(
    Filters=[{"Name": "tag:boto3-probe", "Values": ["yes"]}, {"Name": "vpc-id", "Values": [vpc]}],
    PaginationConfig={"PageSize": 5}))
described = ec2.describe_network_interfaces(NetworkInterfaceIds=[eni["NetworkInterfaceId"]])["NetworkInterfaces"][0]
ec2.describe_instances(Filters=[{"Name": "instance-id", "Values": [instance["InstanceId"]]}])
ec2.describe_instance_types(InstanceTypes=["m5.large"])
ec2.create_tags(Resources=[eni["NetworkInterfaceId"]], Tags=[{"Key": "k", "Value": "v"}])
ec2.delete_tags(Resources=[eni["NetworkInterfaceId"]], Tags=[{"Key": "k"}])
print(json.dumps({
    "prefixes": len(eni["Ipv4Prefixes"]),
    "assigned": len(assigned["AssignedIpv4Prefixes"]),
    "paged": sum(len(p["NetworkInterfaces"]) for p in pages),
    "pages": len(pages),
    "attachment": described["Attachment"]["Status"],
    "limit_error": code(ec2.assign_private_ip_addresses, NetworkInterfaceId=eni["NetworkInterfaceId"], Ipv4PrefixCount=5),
    "not_found": code(ec2.delete_network_interface, NetworkInterfaceId="eni-00000000000000000"),
    "dry_run": code(ec2.describe_vpcs, DryRun=True),
    "terminated": ec2.terminate_instances(InstanceIds=[instance["InstanceId"]])["TerminatingInstances"][0]["CurrentState"]["Name"],
}))
