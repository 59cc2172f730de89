export {
  createXapiSink,
  XapiEnvSchema,
  type XapiLogEvent,
  type XapiSink,
  type XapiSinkConfig,
  xapiConfigFromEnv,
} from "./sink.ts";
