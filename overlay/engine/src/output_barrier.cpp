#include "output_barrier.hpp"

#include <atomic>
#include <mutex>

namespace sporazum::overlay::engine {
namespace {

struct OutputBarrier {
  GstElement parent;
  GstPad* sinkPad;
  GstPad* srcPad;
  std::atomic<std::int64_t> swallowed;
};

struct OutputBarrierClass {
  GstElementClass parentClass;
};

GType outputBarrierType();

GstStaticPadTemplate sinkTemplate =
    GST_STATIC_PAD_TEMPLATE("sink", GST_PAD_SINK, GST_PAD_ALWAYS, GST_STATIC_CAPS_ANY);
GstStaticPadTemplate srcTemplate =
    GST_STATIC_PAD_TEMPLATE("src", GST_PAD_SRC, GST_PAD_ALWAYS, GST_STATIC_CAPS_ANY);

OutputBarrier* asBarrier(GstObject* parent) {
  return reinterpret_cast<OutputBarrier*>(parent);
}

GstFlowReturn chain(GstPad* /*pad*/, GstObject* parent, GstBuffer* buffer) {
  OutputBarrier* self = asBarrier(parent);
  const GstFlowReturn result = gst_pad_push(self->srcPad, buffer);
  // End-of-stream is the pipeline's own business (draining): pass it. Flushing is swallowed too:
  // while the engine restarts the output its elements are flushing, and passing that up would
  // pause the queue in front for good. When the whole pipeline stops, that queue is flushing
  // itself, so nothing upstream needs to hear it from here.
  if (result == GST_FLOW_OK || result == GST_FLOW_EOS) return result;
  self->swallowed.fetch_add(1, std::memory_order_relaxed);
  return GST_FLOW_OK;
}

void instanceInit(GTypeInstance* instance, gpointer /*klass*/) {
  auto* self = reinterpret_cast<OutputBarrier*>(instance);
  new (&self->swallowed) std::atomic<std::int64_t>(0);
  self->sinkPad = gst_pad_new_from_static_template(&sinkTemplate, "sink");
  self->srcPad = gst_pad_new_from_static_template(&srcTemplate, "src");
  gst_pad_set_chain_function(self->sinkPad, chain);
  // Events, queries and caps go straight through, both ways.
  GST_PAD_SET_PROXY_CAPS(self->sinkPad);
  GST_PAD_SET_PROXY_ALLOCATION(self->sinkPad);
  GST_PAD_SET_PROXY_SCHEDULING(self->sinkPad);
  GST_PAD_SET_PROXY_CAPS(self->srcPad);
  GST_PAD_SET_PROXY_ALLOCATION(self->srcPad);
  GST_PAD_SET_PROXY_SCHEDULING(self->srcPad);
  gst_element_add_pad(GST_ELEMENT(self), self->sinkPad);
  gst_element_add_pad(GST_ELEMENT(self), self->srcPad);
}

void classInit(gpointer klass, gpointer /*data*/) {
  auto* elementClass = static_cast<GstElementClass*>(klass);
  gst_element_class_set_static_metadata(
      elementClass, "Sporazum output barrier", "Generic",
      "Passes data through; keeps a failed output's errors from stopping the programme",
      "Sporazum");
  gst_element_class_add_static_pad_template(elementClass, &sinkTemplate);
  gst_element_class_add_static_pad_template(elementClass, &srcTemplate);
}

GType outputBarrierType() {
  static const GType type = [] {
    GTypeInfo info{};
    info.class_size = sizeof(OutputBarrierClass);
    info.class_init = classInit;
    info.instance_size = sizeof(OutputBarrier);
    info.instance_init = instanceInit;
    return g_type_register_static(GST_TYPE_ELEMENT, "SporazumOutputBarrier", &info, GTypeFlags{});
  }();
  return type;
}

}  // namespace

void registerOutputBarrier() {
  static std::once_flag once;
  std::call_once(once, [] {
    gst_element_register(nullptr, "sporazumbarrier", GST_RANK_NONE, outputBarrierType());
  });
}

std::int64_t barrierSwallowedBuffers(GstElement* barrier) {
  auto* self = reinterpret_cast<OutputBarrier*>(
      g_type_check_instance_cast(reinterpret_cast<GTypeInstance*>(barrier), outputBarrierType()));
  return self->swallowed.load(std::memory_order_relaxed);
}

}  // namespace sporazum::overlay::engine
