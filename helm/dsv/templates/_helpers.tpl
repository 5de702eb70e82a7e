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

{{/* Environment every service shares: Kafka, the cluster key, loopback-free binding, the Consul switch. */}}
{{- define "dsv.commonEnv" -}}
- name: SERVER_ADDRESS
  value: 0.0.0.0
- name: SPRING_KAFKA_BOOTSTRAP_SERVERS
  value: {{ .Values.kafka.bootstrapServers | quote }}
- name: DSV_INTERNAL_KEY
  valueFrom:
    secretKeyRef:
      name: {{ if .Values.internalKey }}{{ include "dsv.name" . }}-internal{{ else }}{{ .Values.existingSecret }}{{ end }}
      key: internal-key
{{- if .Values.consul.enabled }}
- name: SPRING_PROFILES_ACTIVE
  value: consul
- name: SPRING_CLOUD_CONSUL_HOST
  value: {{ .Values.consul.host | quote }}
- name: SPRING_CLOUD_CONSUL_PORT
  value: {{ .Values.consul.port | quote }}
{{- end }}
{{- end -}}

{{/* The cluster's shape, for the services that read and write shares (gateway, repair); without Consul,
     every metadata instance's own address (look-ups go to the owner of the key's partition). */}}
{{- define "dsv.clusterEnv" -}}
- name: DSV_CLUSTER_N
  valueFrom: {configMapKeyRef: {name: {{ include "dsv.name" . }}-cluster, key: shares}}
- name: DSV_CLUSTER_K
  valueFrom: {configMapKeyRef: {name: {{ include "dsv.name" . }}-cluster, key: threshold}}
- name: DSV_CLUSTER_W
  valueFrom: {configMapKeyRef: {name: {{ include "dsv.name" . }}-cluster, key: write-quorum}}
{{- if not .Values.consul.enabled }}
{{- /* Without Consul the addresses are static: metadata's Service and each shard pod's stable name. */}}
{{- $root := . }}
- name: DSV_CLUSTER_METADATA_URL
  value: {{ range $i := until (int .Values.metadata.replicas) }}{{ if $i }},{{ end }}http://{{ include "dsv.name" $root }}-metadata-{{ $i }}.{{ include "dsv.name" $root }}-metadata:{{ $root.Values.metadata.port }}{{ end }}
{{- range $i := until (int .Values.shard.replicas) }}
- name: DSV_CLUSTER_SHARDS_{{ $i }}_ID
  value: {{ include "dsv.name" $root }}-shard-{{ $i }}
- name: DSV_CLUSTER_SHARDS_{{ $i }}_URL
  value: http://{{ include "dsv.name" $root }}-shard-{{ $i }}.{{ include "dsv.name" $root }}-shard:{{ $root.Values.shard.port }}
- name: DSV_CLUSTER_SHARDS_{{ $i }}_WEIGHT
  value: {{ $root.Values.shard.weight | quote }}
{{- end }}
{{- end }}
{{- end -}}

{{- define "dsv.probes" -}}
livenessProbe:
  httpGet: {path: /actuator/health/liveness, port: http}
  initialDelaySeconds: 30
  periodSeconds: 10
readinessProbe:
  httpGet: {path: /actuator/health/readiness, port: http}
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
