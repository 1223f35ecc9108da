package bank.gateway;

import io.vertx.core.file.FileSystem;
import io.vertx.core.json.JsonObject;
import io.vertx.json.schema.Draft;
import io.vertx.json.schema.JsonSchema;
import io.vertx.json.schema.JsonSchemaOptions;
import io.vertx.json.schema.SchemaException;
import io.vertx.json.schema.SchemaRepository;
import io.vertx.json.schema.Validator;
import io.vertx.openapi.contract.MediaType;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.contract.Operation;
import io.vertx.openapi.contract.Parameter;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * The contract's schema repository, with a validator built once for the schema of every parameter
 * and request body of every operation. vertx-openapi 5.0.8 asks its repository for a new validator
 * for each of them on every request, and vertx-json-schema builds one each time (copying the
 * repository's schema map): 21 % of the gateway's CPU in the profile of issue 16. A validator holds
 * no state between validations, so one serves every request, on any thread. The maps are filled in
 * the constructor and only read afterwards.
 */
final class CompiledSchemas implements SchemaRepository {

  private final SchemaRepository schemas;
  /** By identity: the contract's operations keep their parameters' and bodies' schemas for good. */
  private final Map<JsonSchema, Validator> validators = new IdentityHashMap<>();

  CompiledSchemas(OpenAPIContract contract) {
    this.schemas = contract.getSchemaRepository();
    for (Operation operation : contract.operations()) {
      for (Parameter parameter : operation.getParameters()) {
        validators.computeIfAbsent(parameter.getSchema(), schemas::validator);
      }
      if (operation.getRequestBody() != null) {
        for (MediaType type : operation.getRequestBody().getContent().values()) {
          if (type.getSchema() != null) {
            validators.computeIfAbsent(type.getSchema(), schemas::validator);
          }
        }
      }
    }
  }

  /** How many validators were built at start-up. */
  int size() {
    return validators.size();
  }

  @Override
  public Validator validator(JsonSchema schema) {
    Validator compiled = validators.get(schema);
    return compiled != null ? compiled : schemas.validator(schema);
  }

  @Override
  public SchemaRepository dereference(JsonSchema schema) throws SchemaException {
    return schemas.dereference(schema);
  }

  @Override
  public SchemaRepository dereference(String uri, JsonSchema schema) throws SchemaException {
    return schemas.dereference(uri, schema);
  }

  @Override
  public SchemaRepository preloadMetaSchema(FileSystem fileSystem) {
    return schemas.preloadMetaSchema(fileSystem);
  }

  @Override
  public SchemaRepository preloadMetaSchema(FileSystem fileSystem, Draft draft) {
    return schemas.preloadMetaSchema(fileSystem, draft);
  }

  @Override
  public Validator validator(String ref) {
    return schemas.validator(ref);
  }

  @Override
  public Validator validator(String ref, JsonSchemaOptions options) {
    return schemas.validator(ref, options);
  }

  @Override
  public Validator validator(JsonSchema schema, JsonSchemaOptions options, boolean dereference) {
    return schemas.validator(schema, options, dereference);
  }

  @Override
  public JsonObject resolve(JsonObject schema) {
    return schemas.resolve(schema);
  }

  @Override
  public JsonSchema find(String pointer) {
    return schemas.find(pointer);
  }
}
