// A row of buttons that each open a page of the app: links the browser follows itself, drawn as the app's buttons.
export default {
  template: `
    <div class="nicegui-row row q-gutter-xs">
      <q-btn v-for="link in links" :key="link.url" v-bind="look" :label="link.label" :icon="link.icon"
        :href="link.url" />
    </div>
  `,
  props: {
    links: Array,
    look: Object,
  },
};
