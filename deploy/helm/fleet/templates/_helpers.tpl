{{- define "fleet.name" -}}
{{- .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "fleet.fullname" -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "fleet.labels" -}}
app.kubernetes.io/name: {{ include "fleet.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version }}
{{- end -}}

{{- define "fleet.selectorLabels" -}}
app.kubernetes.io/name: {{ include "fleet.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{- define "fleet.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- default (include "fleet.fullname" .) .Values.serviceAccount.name -}}
{{- else -}}
{{- default "default" .Values.serviceAccount.name -}}
{{- end -}}
{{- end -}}

{{- define "fleet.tokenSecret" -}}
{{- default (printf "%s-http" (include "fleet.fullname" .)) .Values.http.existingSecret -}}
{{- end -}}

{{/* The image: [registry/]repository:tag, the tag defaulting to the chart's appVersion (the documented build's tag). */}}
{{- define "fleet.image" -}}
{{- $tag := default .Chart.AppVersion .Values.image.tag -}}
{{- if .Values.image.registry -}}
{{- printf "%s/%s:%s" (trimSuffix "/" .Values.image.registry) .Values.image.repository $tag -}}
{{- else -}}
{{- printf "%s:%s" .Values.image.repository $tag -}}
{{- end -}}
{{- end -}}

{{/* The gateway port the silos open: 0 (none) unless the gateway is enabled. */}}
{{- define "fleet.gatewayPort" -}}
{{- if .Values.gateway.enabled -}}{{ .Values.orleans.gatewayPort }}{{- else -}}0{{- end -}}
{{- end -}}

{{/* Checks values that would give a broken install; each message names the value to fix. */}}
{{- define "fleet.validate" -}}
{{- if not .Values.image.repository -}}{{- fail "image.repository must be set (fleet-silo, as the documented build names it)" -}}{{- end -}}
{{- if and (not .Values.redis.existingSecret) (not .Values.redis.connectionString) -}}{{- fail "set redis.connectionString or redis.existingSecret" -}}{{- end -}}
{{- $metrics := int .Values.metrics.port -}}
{{- if or (eq $metrics (int .Values.http.port)) (eq $metrics (int .Values.orleans.siloPort)) (eq $metrics (int .Values.orleans.gatewayPort)) -}}
{{- fail "metrics.port must differ from http.port, orleans.siloPort and orleans.gatewayPort" -}}
{{- end -}}
{{- if and .Values.gateway.enabled (not .Values.gateway.tls.existingSecret) -}}
{{- fail "gateway.enabled needs gateway.tls.existingSecret: a Secret with gateway.pfx and client-ca.pem (docs/operations.md, \"Gateway TLS\"); the gateway never runs without TLS here" -}}
{{- end -}}
{{- end -}}
