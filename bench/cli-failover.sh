#!/usr/bin/env bash
# The seed procedure done by hand, as before the portal: the same steps as `kubectl` and
# `openstack` commands, one after another, for one application. It polls instead of the original
# script's fixed sleeps (84 s in all), so it is the fastest this way of working gets.
#   bench/cli-failover.sh KUBECONFIG CLOUDS_YAML FROM_REGION FROM_NAMESPACE TO_REGION TO_NAMESPACE
set -euo pipefail
kubeconfig=$1 clouds=$2 from=$3 ns_from=$4 to=$5 ns_to=$6
export OS_CLIENT_CONFIG_FILE=$clouds
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
ka() { kubectl --kubeconfig "$kubeconfig" --context "$from" "$@"; }
kb() { kubectl --kubeconfig "$kubeconfig" --context "$to" "$@"; }
step() { echo "[cli] $(date +%T.%N | cut -c1-12) $*" >&2; }

step "1. pre-flight: both clusters and both clouds answer, the target namespace exists"
ka get namespace "$ns_from" -o name >/dev/null
kb get namespace "$ns_to" -o name >/dev/null
openstack --os-cloud "$from" token issue -f value -c id >/dev/null
openstack --os-cloud "$to" token issue -f value -c id >/dev/null

step "2. export from $from"
ka -n "$ns_from" get secrets,configmaps,persistentvolumeclaims,deployments,deploymentconfigs,services,routes -o json >"$work/objects.json"
ka get persistentvolumes -o json | jq --arg ns "$ns_from" '{items: [.items[] | select(.spec.claimRef.namespace == $ns)]}' >"$work/pvs.json"

step "3. scale $from to 0 and wait until its pods are gone"
ka -n "$ns_from" scale deployment --all --replicas=0 >/dev/null
ka -n "$ns_from" scale deploymentconfig --all --replicas=0 >/dev/null
until [[ -z "$(ka -n "$ns_from" get pods -o name)" ]]; do sleep 0.2; done

step "4. map each PV to its Cinder volume and wait until it is available"
volumes=$(jq -r '.items[] | (.spec.csi.volumeHandle // .spec.cinder.volumeID)' "$work/pvs.json")
for volume in $volumes; do
  until [[ "$(openstack --os-cloud "$from" volume show "$volume" -f value -c status)" == available ]]; do sleep 0.2; done
done

step "5-6. transfer each volume from $from's project and accept it in $to's"
for volume in $volumes; do
  openstack --os-cloud "$from" volume transfer request create "$volume" -f json >"$work/transfer.json"
  openstack --os-cloud "$to" volume transfer request accept --auth-key "$(jq -r .auth_key "$work/transfer.json")" "$(jq -r .id "$work/transfer.json")" -f json >/dev/null
done

step "8. import into $to: PVs with the claim reference cleared, then the namespace's objects at 0 replicas"
jq '{apiVersion: "v1", kind: "List", items: [.items[] | {apiVersion, kind, metadata: {name: .metadata.name, labels: .metadata.labels}, spec: (.spec | del(.claimRef))}]}' "$work/pvs.json" | kb apply --validate=false -f - >/dev/null
jq --arg ns "$ns_to" '{apiVersion: "v1", kind: "List", items: [.items[]
  | .metadata |= {name, labels, annotations: ((.annotations // {}) | with_entries(select(.key | startswith("kubectl.kubernetes.io") | not))), namespace: $ns}
  | del(.status)
  | if .kind == "Service" then del(.spec.clusterIP, .spec.clusterIPs) else . end
  | if .kind == "Route" then del(.spec.host) else . end
  | if .kind == "Deployment" or .kind == "DeploymentConfig" then .spec.replicas = 0 else . end]}' "$work/objects.json" | kb apply --validate=false -f - >/dev/null

step "9. scale $to up to the remembered replicas and wait until every pod is ready"
jq -r '.items[] | select(.kind == "Deployment" or .kind == "DeploymentConfig") | "\(.kind) \(.metadata.name) \(.spec.replicas)"' "$work/objects.json" | while read -r kind name replicas; do
  kb -n "$ns_to" scale "$(tr '[:upper:]' '[:lower:]' <<<"$kind")/$name" --replicas="$replicas" >/dev/null
done
jq -r '.items[] | select(.kind == "Deployment" or .kind == "DeploymentConfig") | "\(.kind) \(.metadata.name) \(.spec.replicas)"' "$work/objects.json" | while read -r kind name replicas; do
  until [[ "$(kb -n "$ns_to" get "$(tr '[:upper:]' '[:lower:]' <<<"$kind")/$name" -o jsonpath='{.status.readyReplicas}')" == "$replicas" ]]; do sleep 0.2; done
done
step "10. mark $to as serving"
kb annotate namespace "$ns_to" continuum.io/serving=true --overwrite >/dev/null
step "done"
