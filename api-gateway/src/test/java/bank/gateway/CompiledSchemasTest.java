package bank.gateway;

import static bank.testing.Blocking.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.json.schema.JsonSchema;
import io.vertx.json.schema.Validator;
import io.vertx.junit5.VertxExtension;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.contract.Operation;
import io.vertx.openapi.contract.Parameter;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
@DisplayName("Request validation against openapi.yaml, with validators built once")
class CompiledSchemasTest {

  @Test
  @DisplayName("every parameter and body schema of every operation has one validator, built at start-up and handed out again on each request")
  void buildsEachValidatorOnce(Vertx vertx) {
    OpenAPIContract loaded = await(ApiContract.load(vertx));
    CompiledContract contract = new CompiledContract(loaded);
    Operation create = contract.operation("createTransfer");
    JsonSchema body = create.getRequestBody().getContent().get("application/json").getSchema();
    Parameter key = create.getParameters().stream().filter(p -> p.getName().equalsIgnoreCase("Idempotency-Key"))
        .findFirst().orElseThrow();

    Validator first = contract.getSchemaRepository().validator(body);
    Validator again = contract.getSchemaRepository().validator(body);

    assertThat(again).as("the body's validator, asked for twice").isSameAs(first);
    assertThat(contract.getSchemaRepository().validator(key.getSchema()))
        .isSameAs(contract.getSchemaRepository().validator(key.getSchema()));
    assertThat(loaded.getSchemaRepository().validator(body)).as("vertx-openapi's own repository builds anew")
        .isNotSameAs(loaded.getSchemaRepository().validator(body));
    assertThat(((CompiledSchemas) contract.getSchemaRepository()).size()).isGreaterThan(10);
    assertThat(first.validate(new JsonObject().put("from", "acc_1").put("to", "acc_2").put("amount", 5)).getValid())
        .isTrue();
    assertThat(first.validate(new JsonObject().put("from", "acc_1").put("to", "acc_2").put("amount", -5)).getValid())
        .isFalse();
  }
}
