{{- define "dsv.name" -}}{{ .Release.Name }}-dsv{{- end -}}

{{- define "dsv.labels" -}}
app.kubernetes.io/part-of: dsv
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ .Chart.Name }}-{{ .Chart.Version }}
{{- end -}}

{{- define "dsv.image" -}}
{{- $root := index . 0 -}}{{- $service := index . 1 -}}
{{- with $root.Values.image }}{{ if .registry }}{{ .registry }}/{{ end }}{{ .repository }}-{{ $service }}:{{ .tag }}{{ end -}}
{{- end -}}

{{/* Environment every service shares: Kafka, loopback-free binding, the Consul switch. */}}
{{- define "dsv.commonEnv" -}}
- name: SERVER_ADDRESS
  value: 0.0.0.0
- name: SPRING_KAFKA_BOOTSTRAP_SERVERS
  value: {{ .Values.kafka.bootstrapServers | quote }}
{{- if .Values.consul.enabled }}
- name: SPRING_PROFILES_ACTIVE
  value: consul
- name: SPRING_CLOUD_CONSUL_HOST
  value: {{ .Values.consul.host | quote }}
- name: SPRING_CLOUD_CONSUL_PORT
  value: {{ .Values.consul.port | quote }}
{{- if .Values.consul.aclTokenSecret }}
- name: SPRING_CLOUD_CONSUL_DISCOVERY_ACL_TOKEN
  valueFrom:
    secretKeyRef:
      name: {{ .Values.consul.aclTokenSecret | quote }}
      key: token
{{- end }}
{{- end }}
{{- end -}}

{{/* The cluster's shape, for the services that read and write shares (gateway, repair); without Consul,
     every metadata instance's and shard node's own internal-plane address. */}}
{{- define "dsv.clusterEnv" -}}
- name: DSV_CLUSTER_N
  valueFrom: {configMapKeyRef: {name: {{ include "dsv.name" . }}-cluster, key: shares}}
- name: DSV_CLUSTER_K
  valueFrom: {configMapKeyRef: {name: {{ include "dsv.name" . }}-cluster, key: threshold}}
- name: DSV_CLUSTER_W
  valueFrom: {configMapKeyRef: {name: {{ include "dsv.name" . }}-cluster, key: write-quorum}}
{{- if not .Values.consul.enabled }}
{{- /* Without Consul the addresses are static: each metadata and shard pod's stable name and internal-plane port. */}}
{{- $root := . }}
{{- range $i := until (int .Values.metadata.replicas) }}
- name: DSV_CLUSTER_METADATA_{{ $i }}_ID
  value: {{ include "dsv.name" $root }}-metadata-{{ $i }}
- name: DSV_CLUSTER_METADATA_{{ $i }}_ADDRESS
  value: {{ include "dsv.name" $root }}-metadata-{{ $i }}.{{ include "dsv.name" $root }}-metadata:{{ $root.Values.metadata.rpcPort }}
{{- end }}
{{- range $i := until (int .Values.shard.replicas) }}
- name: DSV_CLUSTER_SHARDS_{{ $i }}_ID
  value: {{ include "dsv.name" $root }}-shard-{{ $i }}
- name: DSV_CLUSTER_SHARDS_{{ $i }}_ADDRESS
  value: {{ include "dsv.name" $root }}-shard-{{ $i }}-0.{{ include "dsv.name" $root }}-shard:{{ $root.Values.shard.rpcPort }}
- name: DSV_CLUSTER_SHARDS_{{ $i }}_WEIGHT
  value: {{ $root.Values.shard.weight | quote }}
{{- end }}
{{- end }}
{{- end -}}

{{/* The Secret with the internal plane's certificates. */}}
{{- define "dsv.internalTlsSecret" -}}
{{ .Values.internalTls.secretName | default (printf "%s-internal-tls" (include "dsv.name" .)) }}
{{- end -}}

{{/*
This instance on the internal plane: (list $ role port), port "" for a service that only dials (the gateway).
DSV_RPC_ID must be set before these entries (Kubernetes expands $(DSV_RPC_ID) only from earlier ones); the
certificate and key are the Secret's <id>.<role>.dsv pair.
*/}}
{{- define "dsv.rpcEnv" -}}
{{- $root := index . 0 -}}{{- $role := index . 1 -}}{{- $port := index . 2 -}}
{{- if $port }}
- name: DSV_RPC_HOST
  value: 0.0.0.0
- name: DSV_RPC_PORT
  value: {{ $port | quote }}
{{- end }}
- name: DSV_RPC_TLS_CA
  value: /etc/dsv/tls/ca.crt
- name: DSV_RPC_TLS_CERTIFICATE
  value: /etc/dsv/tls/$(DSV_RPC_ID).{{ $role }}.dsv.crt
- name: DSV_RPC_TLS_PRIVATE_KEY
  value: /etc/dsv/tls/$(DSV_RPC_ID).{{ $role }}.dsv.key
{{- end -}}

{{/* The internal-plane Secret, projected so that a pod holds the CA and its own role's pairs only, never
     another role's key: (list $root role ids). */}}
{{- define "dsv.tlsVolume" -}}
{{- $root := index . 0 -}}{{- $role := index . 1 -}}{{- $ids := index . 2 -}}
- name: internal-tls
  secret:
    secretName: {{ include "dsv.internalTlsSecret" $root }}
    defaultMode: 0400
    items:
      - {key: ca.crt, path: ca.crt}
      {{- range $ids }}
      - {key: {{ . }}.{{ $role }}.dsv.crt, path: {{ . }}.{{ $role }}.dsv.crt}
      - {key: {{ . }}.{{ $role }}.dsv.key, path: {{ . }}.{{ $role }}.dsv.key}
      {{- end }}
{{- end -}}

{{/* The pods' ids of a StatefulSet: (list $root component replicas). */}}
{{- define "dsv.podIds" -}}
{{- $root := index . 0 -}}{{- $component := index . 1 -}}
{{- range $i := until (int (index . 2)) }}{{ include "dsv.name" $root }}-{{ $component }}-{{ $i }} {{ end -}}
{{- end -}}

{{/* The config trees a pod reads its passwords from (issue 13), never from its environment: its Kafka user's
     login ("<user>.jaas" in kafka.credentialsSecret) and, with a keyspace, its own Cassandra role ("<pod>.username"
     and "<pod>.password" in cassandra.credentialsSecret). (list $root kafkaUser withCassandra); DSV_RPC_ID first. */}}
{{- define "dsv.credentialsEnv" -}}
{{- $root := index . 0 -}}{{- $user := index . 1 -}}{{- $cassandra := index . 2 -}}
{{- $trees := list -}}
{{- if $root.Values.kafka.credentialsSecret }}{{ $trees = append $trees (printf "optional:configtree:/etc/dsv/kafka/%s/" $user) }}{{ end -}}
{{- if and $cassandra $root.Values.cassandra.credentialsSecret }}{{ $trees = append $trees "optional:configtree:/etc/dsv/cassandra/$(DSV_RPC_ID)/" }}{{ end -}}
{{- if $trees }}
- name: SPRING_CONFIG_IMPORT
  value: {{ join "," $trees | quote }}
{{- end }}
{{- if $root.Values.kafka.credentialsSecret }}
- name: SPRING_KAFKA_SECURITY_PROTOCOL
  value: {{ $root.Values.kafka.securityProtocol | quote }}
- name: SPRING_KAFKA_PROPERTIES_SASL_MECHANISM
  value: SCRAM-SHA-256
# the broker's administrator creates topics and ACLs; a service may not
- name: SPRING_KAFKA_ADMIN_AUTO_CREATE
  value: "false"
{{- end }}
{{- end -}}

{{- define "dsv.credentialsMounts" -}}
{{- $root := index . 0 -}}{{- $cassandra := index . 1 -}}
{{- if $root.Values.kafka.credentialsSecret }}
- {name: kafka-user, mountPath: /etc/dsv/kafka, readOnly: true}
{{- end }}
{{- if and $cassandra $root.Values.cassandra.credentialsSecret }}
- {name: cassandra-role, mountPath: /etc/dsv/cassandra, readOnly: true}
{{- end }}
{{- end -}}

{{/* The Secrets' items this workload's pods need, and no others: (list $root kafkaUsers cassandraIds). */}}
{{- define "dsv.credentialsVolumes" -}}
{{- $root := index . 0 -}}{{- $users := index . 1 -}}{{- $ids := index . 2 -}}
{{- if $root.Values.kafka.credentialsSecret }}
- name: kafka-user
  secret:
    secretName: {{ $root.Values.kafka.credentialsSecret }}
    defaultMode: 0400
    items:
      {{- range $users }}
      - {key: {{ . }}.jaas, path: {{ . }}/spring.kafka.properties.sasl.jaas.config}
      {{- end }}
{{- end }}
{{- if and $ids $root.Values.cassandra.credentialsSecret }}
- name: cassandra-role
  secret:
    secretName: {{ $root.Values.cassandra.credentialsSecret }}
    defaultMode: 0400
    items:
      {{- range $ids }}
      - {key: {{ . }}.username, path: {{ . }}/spring.cassandra.username}
      - {key: {{ . }}.password, path: {{ . }}/spring.cassandra.password}
      {{- end }}
{{- end }}
{{- end -}}

{{/* Probes against the named container port that serves Actuator ("http", the gateway's "management"). */}}
{{- define "dsv.probes" -}}
livenessProbe:
  httpGet: {path: /actuator/health/liveness, port: {{ . }}}
  initialDelaySeconds: 30
  periodSeconds: 10
readinessProbe:
  httpGet: {path: /actuator/health/readiness, port: {{ . }}}
  initialDelaySeconds: 10
  periodSeconds: 5
{{- end -}}

{{- define "dsv.securityContext" -}}
securityContext:
  runAsNonRoot: true
  runAsUser: 10001
  runAsGroup: 10001
  fsGroup: 10001
{{- end -}}
